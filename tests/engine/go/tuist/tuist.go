// bakery's engine lab: a stand-in for github.com/vito/tuist, which the Go module proxy reachable
// here refuses (403). It declares only the two types that the Dagger CLI's shell completion
// (cmd/dagger/shell.go, shell_completion.go) and the frontend interface (dagql/idtui/frontend.go)
// name; the terminal UI built on the real module is removed by the CLI's overlay, and the CLI
// shows progress with its plain frontend.
package tuist

// Completion is one completion candidate.
type Completion struct {
	Label  string
	Detail string
}

// CompletionResult is the candidates for the word at the cursor, and where that word starts.
type CompletionResult struct {
	Items       []Completion
	ReplaceFrom int
}
