// bakery's engine lab: a stand-in for Dagger v0.21.8's package dagql/idtui (the terminal UI),
// used only for the engine binary, whose every other file the overlay removes. The real package
// imports github.com/vito/tuist, which the Go module proxy reachable here refuses (403). The
// engine reaches idtui from core/terminal.go and util/scrub only; this file gives them the
// names they use. A container terminal then lists the calls as plain text.
package idtui

import (
	"fmt"
	"io"
	"os"

	"github.com/dagger/dagger/dagql/call"
	"github.com/muesli/termenv"
)

const (
	DotFilled   = "●"
	IconSuccess = "✔"
	IconFailure = "✘"
	IconCached  = "$"
)

// SkipLoggedOutTraceMsgEnvs are the variables that silence the tracing hint.
var SkipLoggedOutTraceMsgEnvs = []string{"DAGGER_NO_NAG", "NOTHANKS", "SHUTUP", "GOAWAY", "STOPIT"}

// NewOutput is a colour output unless NO_COLOR is set.
func NewOutput(w io.Writer, opts ...termenv.OutputOption) *termenv.Output {
	profile := termenv.ANSI
	if os.Getenv("NO_COLOR") != "" {
		profile = termenv.Ascii
	}
	return termenv.NewOutput(w, append([]termenv.OutputOption{termenv.WithProfile(profile), termenv.WithTTY(true)}, opts...)...)
}

// Dump writes a call ID as text.
type Dump struct {
	Newline string
	Prefix  string
}

// DumpID writes one line per call, receivers first.
func (d *Dump) DumpID(out *termenv.Output, id *call.ID) error {
	if id == nil {
		return nil
	}
	if r := id.Receiver(); r != nil {
		if err := d.DumpID(out, r); err != nil {
			return err
		}
	}
	nl := d.Newline
	if nl == "" {
		nl = "\n"
	}
	line := id.Display()
	if !id.IsHandle() {
		line = id.DisplaySelf()
	}
	_, err := fmt.Fprint(out, d.Prefix+line+nl)
	return err
}
