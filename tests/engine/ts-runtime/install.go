package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"dagger/typescript-sdk/internal/dagger"
)

// base is the module's image with tsx, at the module's path.
func (t *TypescriptSdk) base(m *module) *dagger.Container {
	return dag.Container().From(m.image).
		WithWorkdir(m.path()).
		// The engine's CA certificates for node (Debian's package in place of alpine's).
		WithExec([]string{"sh", "-c", "command -v update-ca-certificates >/dev/null || { apt-get update -qq && apt-get install -y -qq --no-install-recommends ca-certificates >/dev/null; }"}).
		WithEnvVariable("NODE_OPTIONS", "--use-openssl-ca").
		WithMountedDirectory("/usr/local/lib/node_modules/tsx", t.SDKSourceDir.Directory("tsx_module")).
		WithExec([]string{"ln", "-sf", "/usr/local/lib/node_modules/tsx/dist/cli.mjs", "/usr/local/bin/tsx"})
}

// withPackageJSON puts the module's package.json as the SDK needs it: an ES module, with
// typescript, without @dagger.io/dagger (the generated library stands for it).
func (t *TypescriptSdk) withPackageJSON(ctx context.Context, m *module) (*dagger.Container, error) {
	text := `{"type":"module"}`
	if m.hasPkg {
		var err error
		if text, err = m.source.File("package.json").Contents(ctx); err != nil {
			return nil, err
		}
	}
	var pkg map[string]any
	if err := json.Unmarshal([]byte(text), &pkg); err != nil {
		return nil, fmt.Errorf("%s/package.json: %w", m.subPath, err)
	}
	pkg["type"] = "module"
	deps, _ := pkg["dependencies"].(map[string]any)
	if deps == nil {
		deps = map[string]any{}
	}
	if _, ok := deps["typescript"]; !ok {
		deps["typescript"] = TypeScriptVersion
	}
	delete(deps, "@dagger.io/dagger")
	pkg["dependencies"] = deps
	if dev, ok := pkg["devDependencies"].(map[string]any); ok {
		delete(dev, "@dagger.io/dagger")
	}
	m.pkg.Dependencies = map[string]string{}
	for k, v := range deps {
		m.pkg.Dependencies[k] = fmt.Sprint(v)
	}
	out, err := json.MarshalIndent(pkg, "", "  ")
	if err != nil {
		return nil, err
	}
	return t.base(m).
		WithMountedCache(cacheDir(m), dag.CacheVolume(fmt.Sprintf("%s-cache-node-%s", m.manager, NodeVersion)), dagger.ContainerWithMountedCacheOpts{Sharing: dagger.CacheSharingModeShared}).
		WithNewFile("package.json", string(out)+"\n"), nil
}

// installed is the module's container with its dependencies installed: typescript mounted from the
// SDK when the module asks for exactly its version (and nothing to install when that is all).
func (t *TypescriptSdk) installed(ctx context.Context, m *module) (*dagger.Container, error) {
	ctr, err := t.withPackageJSON(ctx, m)
	if err != nil {
		return nil, err
	}
	ctr = withPackageManager(ctr, m)
	if m.pkg.Dependencies["typescript"] == TypeScriptVersion {
		ctr = ctr.WithMountedDirectory("node_modules/typescript", t.SDKSourceDir.Directory("typescript-library"))
		if len(m.pkg.Dependencies) == 1 {
			return ctr, nil
		}
	}
	return ctr.
		WithDirectory(".", m.source, dagger.ContainerWithDirectoryOpts{Include: []string{lockfile(m), ".npmrc"}}).
		WithExec(installCommand(m)), nil
}

// withPackageManager makes the module's package manager (and version) the container's.
func withPackageManager(ctr *dagger.Container, m *module) *dagger.Container {
	if m.manager == "npm" {
		v := strings.ReplaceAll(m.version, ".", `\.`)
		return ctr.WithExec([]string{"sh", "-c", "npm -v | grep -qx " + v + " || npm install -g npm@" + m.version})
	}
	return ctr.WithExec([]string{"npm", "install", "-g", m.manager + "@" + m.version})
}

func cacheDir(m *module) string {
	return map[string]string{"npm": "/root/.npm", "yarn": "/root/.cache/yarn", "pnpm": "/root/.pnpm-store"}[m.manager]
}

func lockfile(m *module) string {
	return map[string]string{"npm": "package-lock.json", "yarn": "yarn.lock", "pnpm": "pnpm-lock.yaml"}[m.manager]
}

func installCommand(m *module) []string {
	return map[string][]string{
		"npm":  {"npm", "install", "--omit=dev"},
		"yarn": {"yarn", "install", "--prod"},
		"pnpm": {"pnpm", "install", "--shamefully-hoist=true", "--prod"},
	}[m.manager]
}

func lockCommand(m *module) []string {
	return map[string][]string{
		"npm":  {"npm", "install", "--package-lock-only"},
		"yarn": {"yarn", "install", "--mode", "update-lockfile"},
		"pnpm": {"pnpm", "install", "--lockfile-only"},
	}[m.manager]
}

// moduleTSConfig is the module's tsconfig.json (or the default one) resolving @dagger.io/dagger
// to the generated library, with decorators on.
func moduleTSConfig(ctx context.Context, m *module) (*dagger.File, error) {
	if !m.files["tsconfig.json"] {
		return dag.File("tsconfig.json", file("tsconfig.json")), nil
	}
	text, err := m.source.File("tsconfig.json").Contents(ctx)
	if err != nil {
		return nil, err
	}
	var cfg map[string]any
	if err := json.Unmarshal([]byte(text), &cfg); err != nil {
		return nil, fmt.Errorf("%s/tsconfig.json (read as plain JSON by bakery's stand-in runtime): %w", m.subPath, err)
	}
	opts, _ := cfg["compilerOptions"].(map[string]any)
	if opts == nil {
		opts = map[string]any{}
	}
	paths, _ := opts["paths"].(map[string]any)
	if paths == nil {
		paths = map[string]any{}
	}
	paths["@dagger.io/dagger"] = []string{"./sdk/index.ts"}
	paths["@dagger.io/dagger/telemetry"] = []string{"./sdk/telemetry.ts"}
	opts["paths"] = paths
	opts["experimentalDecorators"] = true
	cfg["compilerOptions"] = opts
	out, err := json.MarshalIndent(cfg, "", "  ")
	if err != nil {
		return nil, err
	}
	return dag.File("tsconfig.json", string(out)+"\n"), nil
}
