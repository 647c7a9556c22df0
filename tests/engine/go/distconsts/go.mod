// bakery's stand-in for github.com/dagger/dagger/engine/distconsts, a nested module of the
// Dagger repository that the Go module proxy reachable here does not serve. Written for the
// engine lab: the constant names the engine reads, with the values of v0.21.8.
module github.com/dagger/dagger/engine/distconsts

go 1.22
