// Package tests has the same name as its parent package, as Complement's packages do.
package tests

import (
	"os"
	"testing"
)

// The binary runs in its package's directory, as `go test` runs it.
func TestStandinSync(t *testing.T) {
	if _, err := os.Stat("sync_test.go"); err != nil {
		t.Fatalf("not run in its package directory: %v", err)
	}
}

func TestStandinFails(t *testing.T) { t.Error("fails on purpose") }
