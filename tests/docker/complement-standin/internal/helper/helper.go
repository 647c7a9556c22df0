// Package helper is imported by the stand-in tests; it has no tests of its own.
package helper

import "os"

// TesteeImage is the image the tests would start homeservers from.
func TesteeImage() string { return os.Getenv("COMPLEMENT_BASE_IMAGE") }
