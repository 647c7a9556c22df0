// bakery's engine lab: a stand-in for Dagger v0.21.8's core/sdk/dang_sdk.go, put in place with
// `go build -overlay`. The original imports github.com/vito/dang/v2, which the Go module proxy
// reachable here refuses (403). The rest of package sdk only constructs dangSDK{root,
// rawConfig}; this one satisfies core.SDK and refuses to run a Dang module, saying why.
package sdk

import (
	"context"
	"errors"

	"github.com/dagger/dagger/core"
	"github.com/dagger/dagger/dagql"
)

var errDangNotBuilt = errors.New("the Dang SDK is not in bakery's lab build of the engine")

type dangSDK struct {
	root      *core.Query
	rawConfig map[string]any
}

func (s *dangSDK) AsRuntime() (core.Runtime, bool)                 { return s, true }
func (s *dangSDK) AsModuleTypes() (core.ModuleTypes, bool)         { return nil, false }
func (s *dangSDK) AsCodeGenerator() (core.CodeGenerator, bool)     { return nil, false }
func (s *dangSDK) AsClientGenerator() (core.ClientGenerator, bool) { return nil, false }

func (s *dangSDK) CloneForModuleSource(*core.ModuleSource) core.SDK {
	if s == nil {
		return nil
	}
	c := *s
	return &c
}

func (s *dangSDK) AttachDependencyResults(context.Context, func(dagql.AnyResult) (dagql.AnyResult, error)) ([]dagql.AnyResult, error) {
	return nil, nil
}

func (s *dangSDK) Runtime(context.Context, *core.SchemaBuilder, dagql.ObjectResult[*core.ModuleSource]) (core.ModuleRuntime, error) {
	return nil, errDangNotBuilt
}
