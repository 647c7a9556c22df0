// bakery's engine lab: what the Dagger CLI v0.21.8 needs of dagql/idtui once the files built on
// github.com/vito/tuist (the interactive terminal UI) and on the refused vito/midterm
// pre-release (the search-capable virtual terminal) are taken out by the CLI's overlay. Every
// other idtui file is Dagger's own and compiles unchanged. The interactive frontends fall back
// to the plain one: `--progress=plain` is what the lab's tests read; `dagger shell` has no
// prompt here.
package idtui

import (
	"errors"
	"fmt"
	"io"

	"github.com/charmbracelet/bubbles/key"
	"github.com/dagger/dagger/dagql/dagui"
	"github.com/muesli/termenv"
)

// ErrShellExited and ErrInterrupted end an interactive session (never, here).
var (
	ErrShellExited = errors.New("shell exited")
	ErrInterrupted = errors.New("interrupted")
)

// TermOutput is the part of termenv.Output the frontends write with.
type TermOutput interface {
	io.Writer
	String(...string) termenv.Style
	ColorProfile() termenv.Profile
}

// NewPretty is the plain frontend here: the interactive UI is not built.
func NewPretty(w io.Writer) Frontend { return NewPlain(w) }

// NewReporter is the plain frontend here.
func NewReporter(w io.Writer) Frontend { return NewPlain(w) }

// NewDots is the plain frontend here.
func NewDots(w io.Writer) Frontend { return NewPlain(w) }

// KeyEnabled enables or disables a key binding.
func KeyEnabled(enabled bool) key.BindingOpt {
	return func(b *key.Binding) { b.SetEnabled(enabled) }
}

func traceMessage(_ termenv.Profile, url string, msg string) string {
	return fmt.Sprintf("%s %s", msg, url)
}

func handleTelemetryErrorOutput(w io.Writer, _ TermOutput, err error) {
	if err != nil {
		fmt.Fprintf(w, "WARN - failures detected while emitting telemetry (%s)\n\n", err)
	}
}

// Vterm takes a test's log output for the test summary, which is not shown here, so it keeps
// nothing (the real one is a virtual terminal).
type Vterm struct{}

// NewVterm makes a Vterm.
func NewVterm(termenv.Profile) *Vterm { return &Vterm{} }

// Write drops output.
func (*Vterm) Write(p []byte) (int, error) { return len(p), nil }

// WriteMarkdown drops output.
func (*Vterm) WriteMarkdown(p []byte) (int, error) { return len(p), nil }

// TestView is the test summary's settings; the plain frontends print no summary here.
type TestView struct {
	Profile         termenv.Profile
	Logs            map[dagui.SpanID]*Vterm
	SummaryLogLines int
}

func (tv *TestView) renderTestSummaryLines(TermOutput, *dagui.TestView, int, int) []string {
	return nil
}

func finalTestViewHeight(*TestView) int { return 0 }

type testSummaryEntry struct{ span *dagui.Span }

type testSummaryEntries struct{ failing, skipped []testSummaryEntry }

func collectTestSummaryEntries(*dagui.TestView) testSummaryEntries { return testSummaryEntries{} }
