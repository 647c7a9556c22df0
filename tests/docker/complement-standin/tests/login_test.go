package tests

import (
	"testing"

	"github.com/matrix-org/complement/internal/helper"
)

func TestStandinLogin(t *testing.T) {
	if got := helper.TesteeImage(); got != "bakery-complement-testee:latest" {
		t.Fatalf("COMPLEMENT_BASE_IMAGE is %q", got)
	}
	t.Run("parallel", func(t *testing.T) {})
}

func TestStandinSkipped(t *testing.T) { t.Skip("skipped on purpose") }

func TestStandinSkipList(t *testing.T) { t.Fatal("the skip pattern should have kept this test from running") }
