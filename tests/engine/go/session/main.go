// Command bakery-session opens a client session on a Dagger engine and serves the session's
// GraphQL API on 127.0.0.1, as `dagger run` and `dagger query` do, for bakery's engine lab:
// the Dagger CLI cannot be built from the Go module proxy reachable here (its terminal UI needs
// modules the proxy refuses). It uses only Dagger's public engine/client API.
//
//	bakery-session run [-v] [--spans FILE] CMD [ARG...]
//	    runs CMD with DAGGER_SESSION_PORT and DAGGER_SESSION_TOKEN set, exits with its status
//	bakery-session query [-v] [--spans FILE] [QUERY]
//	    sends one GraphQL query (the argument, or stdin) and prints the response
//
// The engine is _EXPERIMENTAL_DAGGER_RUNNER_HOST (e.g. unix:///path/engine.sock). -v prints the
// engine's log records (exec output) to stderr. --spans appends one JSON line per finished span
// of the session to FILE: its name, whether the engine answered it from cache
// (dagger.io/dag.cached), whether it failed, and its dagger.io/* attributes. The engine may send
// a span more than once as it progresses (same id): the last line of an id is its final state.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/google/uuid"
	"go.opentelemetry.io/otel/codes"
	sdklog "go.opentelemetry.io/otel/sdk/log"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	"github.com/dagger/dagger/engine/client"
)

type options struct {
	verbose bool
	spans   string
	rest    []string
}

func parse(args []string) (options, error) {
	var o options
	for i := 0; i < len(args); i++ {
		switch a := args[i]; {
		case a == "-v":
			o.verbose = true
		case a == "--spans" && i+1 < len(args):
			i++
			o.spans = args[i]
		case strings.HasPrefix(a, "--spans="):
			o.spans = strings.TrimPrefix(a, "--spans=")
		case a == "--":
			o.rest = args[i+1:]
			return o, nil
		case strings.HasPrefix(a, "-"):
			return o, fmt.Errorf("unknown flag %s", a)
		default:
			o.rest = args[i:]
			return o, nil
		}
	}
	return o, nil
}

// logs writes engine log record bodies to stderr.
type logs struct{}

func (logs) Export(_ context.Context, recs []sdklog.Record) error {
	for i := range recs {
		s := recs[i].Body().AsString()
		if b := recs[i].Body().AsBytes(); len(b) > 0 {
			s = string(b)
		}
		if s != "" && !strings.HasSuffix(s, "\n") {
			s += "\n"
		}
		os.Stderr.WriteString(s)
	}
	return nil
}
func (logs) Shutdown(context.Context) error   { return nil }
func (logs) ForceFlush(context.Context) error { return nil }

// spans appends finished spans to a file as JSON lines.
type spans struct {
	mu sync.Mutex
	f  *os.File
}

func (s *spans) ExportSpans(_ context.Context, ss []sdktrace.ReadOnlySpan) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, sp := range ss {
		line := map[string]any{"name": sp.Name(), "id": sp.SpanContext().SpanID().String(), "failed": sp.Status().Code == codes.Error, "cached": false}
		attrs := map[string]any{}
		for _, kv := range sp.Attributes() {
			k := string(kv.Key)
			if !strings.HasPrefix(k, "dagger.io/") {
				continue
			}
			attrs[k] = kv.Value.AsInterface()
			if k == "dagger.io/dag.cached" {
				line["cached"] = kv.Value.AsBool()
			}
		}
		line["attrs"] = attrs
		b, _ := json.Marshal(line)
		if _, err := s.f.Write(append(b, '\n')); err != nil {
			return err
		}
	}
	return nil
}
func (s *spans) Shutdown(context.Context) error { return nil }

// withSession connects, serves the session on a loopback port and calls fn with its port and token.
func withSession(ctx context.Context, o options, fn func(port int, token string) error) error {
	params := client.Params{RunnerHost: os.Getenv("_EXPERIMENTAL_DAGGER_RUNNER_HOST"), SecretToken: uuid.NewString()}
	if params.RunnerHost == "" {
		return errors.New("_EXPERIMENTAL_DAGGER_RUNNER_HOST is not set (the engine's address, e.g. unix:///path/engine.sock)")
	}
	if o.verbose {
		params.EngineLogs = logs{}
	}
	if o.spans != "" {
		f, err := os.OpenFile(o.spans, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
		if err != nil {
			return err
		}
		defer f.Close()
		params.EngineTrace = &spans{f: f}
	}
	os.Unsetenv("DAGGER_SESSION_PORT")
	os.Unsetenv("DAGGER_SESSION_TOKEN")
	// The engine streams the spans of the session's trace: give the session one, and the command
	// run in it (TRACEPARENT, which the SDKs read), as the Dagger CLI does.
	ctx, root := sdktrace.NewTracerProvider().Tracer("bakery-session").Start(ctx, "bakery-session")
	defer root.End()
	sc := trace.SpanContextFromContext(ctx)
	os.Setenv("TRACEPARENT", fmt.Sprintf("00-%s-%s-01", sc.TraceID(), sc.SpanID()))
	sess, err := client.Connect(ctx, params)
	if err != nil {
		return fmt.Errorf("connect to the engine at %s: %w", params.RunnerHost, err)
	}
	// An engine that went away mid-session (restarted, killed) never answers the close: leave it
	// after a while, so the command's exit code still comes back.
	defer func() {
		closed := make(chan struct{})
		go func() { sess.Close(); close(closed) }()
		select {
		case <-closed:
		case <-time.After(15 * time.Second):
			fmt.Fprintln(os.Stderr, "bakery-session: the engine did not close the session within 15 s; leaving it")
		}
	}()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: sess, ReadHeaderTimeout: 30 * time.Second, BaseContext: func(net.Listener) context.Context { return ctx }}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(l) }()
	fnErr := fn(l.Addr().(*net.TCPAddr).Port, params.SecretToken)
	l.Close()
	if err := <-served; err != nil && !errors.Is(err, net.ErrClosed) && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return fnErr
}

func run(ctx context.Context, o options) (int, error) {
	if len(o.rest) == 0 {
		return 2, errors.New("run needs a command")
	}
	code := 0
	err := withSession(ctx, o, func(port int, token string) error {
		c := exec.Command(o.rest[0], o.rest[1:]...)
		c.Env = append(os.Environ(), fmt.Sprintf("DAGGER_SESSION_PORT=%d", port), "DAGGER_SESSION_TOKEN="+token)
		c.Stdin, c.Stdout, c.Stderr = os.Stdin, os.Stdout, os.Stderr
		c.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
		if err := c.Start(); err != nil {
			return err
		}
		done := make(chan error, 1)
		go func() { done <- c.Wait() }()
		var err error
		select {
		case err = <-done:
		case <-ctx.Done():
			syscall.Kill(-c.Process.Pid, syscall.SIGTERM)
			err = <-done
		}
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			code, err = ee.ExitCode(), nil
		}
		return err
	})
	return code, err
}

func query(ctx context.Context, o options) (int, error) {
	q := []byte(strings.Join(o.rest, " "))
	if len(o.rest) == 0 {
		var err error
		if q, err = io.ReadAll(os.Stdin); err != nil {
			return 1, err
		}
	}
	code := 0
	err := withSession(ctx, o, func(port int, token string) error {
		body, _ := json.Marshal(map[string]string{"query": string(q)})
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, fmt.Sprintf("http://127.0.0.1:%d/query", port), bytes.NewReader(body))
		if err != nil {
			return err
		}
		req.SetBasicAuth(token, "")
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		out, err := io.ReadAll(resp.Body)
		if err != nil {
			return err
		}
		fmt.Println(strings.TrimRight(string(out), "\n"))
		var gql struct{ Errors []any }
		if resp.StatusCode != http.StatusOK || (json.Unmarshal(out, &gql) == nil && len(gql.Errors) > 0) {
			code = 1
		}
		return nil
	})
	return code, err
}

func main() {
	signal.Notify(make(chan os.Signal, 1), syscall.SIGPIPE)
	ctx, cancel := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer cancel()
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: bakery-session run|query [-v] [--spans FILE] …")
		os.Exit(2)
	}
	o, err := parse(os.Args[2:])
	code := 2
	if err == nil {
		switch os.Args[1] {
		case "run":
			code, err = run(ctx, o)
		case "query":
			code, err = query(ctx, o)
		default:
			err = fmt.Errorf("unknown command %s (run or query)", os.Args[1])
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "bakery-session:", err)
		if code == 0 {
			code = 1
		}
	}
	os.Exit(code)
}
