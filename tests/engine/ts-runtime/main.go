// Bakery's stand-in for sdk/typescript/runtime of Dagger v0.21.8, the Go module the engine loads
// from the TypeScript SDK's builtin content to run a TypeScript module (no registry serves it).
// It behaves as that runtime does for node: the module's package manager and lockfile, the
// install of its dependencies with the SDK's library and typescript in place, the tsx
// entrypoint, the introspection by the SDK's own introspector, dagger.baseImage. It does not run
// bun or deno modules, nor generate standalone clients. Written for bakery's engine lab.
package main

import (
	"context"
	"embed"
	"path"

	"dagger/typescript-sdk/internal/dagger"
)

//go:embed files
var files embed.FS

func file(name string) string {
	b, err := files.ReadFile("files/" + name)
	if err != nil {
		panic(err)
	}
	return string(b)
}

func New(
	// The SDK's content: its sources, codegen, the introspector, the bundled library, tsx and typescript.
	// +optional
	sdkSourceDir *dagger.Directory,
) *TypescriptSdk {
	return &TypescriptSdk{SDKSourceDir: sdkSourceDir}
}

// TypescriptSdk runs TypeScript modules on node.
type TypescriptSdk struct {
	SDKSourceDir *dagger.Directory
}

// The entrypoint tsx runs, in the module's source directory.
const entrypointFile = "src/__dagger.entrypoint.ts"

// ModuleRuntime is the module's container: node, its dependencies installed, the SDK library
// generated for it, and tsx running the entrypoint (which registers the module or calls it).
func (t *TypescriptSdk) ModuleRuntime(ctx context.Context, modSource *dagger.ModuleSource, introspectionJSON *dagger.File) (*dagger.Container, error) {
	m, err := readModule(ctx, modSource)
	if err != nil {
		return nil, err
	}
	ctr, err := t.installed(ctx, m)
	if err != nil {
		return nil, err
	}
	lib := t.library(m, introspectionJSON)
	return ctr.
		WithMountedDirectory("sdk", lib).
		WithMountedDirectory("node_modules/@dagger.io/dagger", lib).
		WithMountedFile("tsconfig.json", m.tsconfig).
		WithDirectory(".", m.source, dagger.ContainerWithDirectoryOpts{Exclude: append([]string{"sdk", "node_modules"}, configFiles...)}).
		WithMountedFile(entrypointFile, dag.File("__dagger.entrypoint.ts", file("entrypoint.ts"))).
		WithEntrypoint([]string{"tsx", "--no-deprecation", "--tsconfig", path.Join(m.path(), "tsconfig.json"), path.Join(m.path(), entrypointFile)}), nil
}

// ModuleTypes is a container that, run, writes the module's type definitions to outputFilePath:
// the SDK's introspector reading the module's src/ against its generated client.
func (t *TypescriptSdk) ModuleTypes(ctx context.Context, modSource *dagger.ModuleSource, introspectionJSON *dagger.File, outputFilePath string) (*dagger.Container, error) {
	m, err := readModule(ctx, modSource)
	if err != nil {
		return nil, err
	}
	pkg := dag.Directory().
		WithFile("client.gen.ts", t.bindings(m, introspectionJSON)).
		WithNewFile("index.ts", file("index.ts")).
		WithNewFile("core.d.ts", file("introspection-core.d.ts")).
		WithNewFile("telemetry.ts", file("telemetry.ts"))
	return dag.Container().From(DefaultImage).
		WithMountedFile("/bin/ts-introspector", t.SDKSourceDir.File("bin/ts-introspector")).
		WithMountedDirectory("/src/node_modules/typescript", t.SDKSourceDir.Directory("typescript-library")).
		WithWorkdir("/src").
		WithMountedDirectory("src", m.source.Directory("src")).
		WithMountedDirectory("node_modules/@dagger.io/dagger", pkg).
		WithMountedDirectory("sdk", pkg).
		WithEnvVariable("TYPEDEF_OUTPUT_FILE", outputFilePath).
		WithEntrypoint([]string{"/bin/ts-introspector", m.name, "src", "sdk/client.gen.ts"}), nil
}

// Codegen is what `dagger develop` writes into the module: package.json, tsconfig.json, the
// lockfile and the generated SDK library (sdk/, ignored by git).
func (t *TypescriptSdk) Codegen(ctx context.Context, modSource *dagger.ModuleSource, introspectionJSON *dagger.File) (*dagger.GeneratedCode, error) {
	m, err := readModule(ctx, modSource)
	if err != nil {
		return nil, err
	}
	ctr, err := t.withPackageJSON(ctx, m)
	if err != nil {
		return nil, err
	}
	lock := lockfile(m)
	lockCtr := withPackageManager(ctr, m).
		WithDirectory(".", m.source, dagger.ContainerWithDirectoryOpts{Include: []string{lock, ".npmrc"}}).
		WithExec(lockCommand(m))
	dir := dag.Directory().
		WithFile("package.json", ctr.File("package.json")).
		WithFile("tsconfig.json", m.tsconfig).
		WithFile(lock, lockCtr.File(lock)).
		WithDirectory("sdk", t.library(m, introspectionJSON))
	return dag.GeneratedCode(dag.Directory().WithDirectory(m.subPath, dir)).
		WithVCSGeneratedPaths([]string{"sdk/**"}).
		WithVCSIgnoredPaths([]string{"sdk", "**/node_modules/**", "**/.pnpm-store/**"}), nil
}
