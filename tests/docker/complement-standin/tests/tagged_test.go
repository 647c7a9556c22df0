//go:build conduwuit_blacklist

package tests

import "testing"

// Only built with the tag the tester is built with.
func TestStandinTagged(t *testing.T) {}
