package main

import (
	"path"

	"dagger/typescript-sdk/internal/dagger"
)

// bindings is the module's generated client (client.gen.ts), made by the SDK's codegen from the
// engine's introspection of the module's dependencies and the core API.
func (t *TypescriptSdk) bindings(m *module, introspectionJSON *dagger.File) *dagger.File {
	return dag.Container().From(DefaultImage).
		WithMountedFile("/codegen", t.SDKSourceDir.File("codegen")).
		WithMountedFile("/schema.json", introspectionJSON).
		WithWorkdir(m.path()).
		WithExec([]string{"/codegen", "generate-module", "--lang", "typescript", "--output", "/src",
			"--introspection-json-path", "/schema.json", "--module-name", m.name, "--module-source-path", m.path(), "--bundle"},
			dagger.ContainerWithExecOpts{ExperimentalPrivilegedNesting: true}).
		File(path.Join(m.path(), "sdk/src/api/client.gen.ts"))
}

// library is the module's @dagger.io/dagger: the SDK's bundled core, its generated client and
// the index that exports both.
func (t *TypescriptSdk) library(m *module, introspectionJSON *dagger.File) *dagger.Directory {
	return t.SDKSourceDir.Directory("bundled_lib").
		WithNewFile("telemetry.ts", file("telemetry.ts")).
		WithFile("client.gen.ts", t.bindings(m, introspectionJSON)).
		WithNewFile("index.ts", file("index.ts"))
}
