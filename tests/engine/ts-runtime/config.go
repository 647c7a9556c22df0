package main

import (
	"context"
	"encoding/json"
	"fmt"
	"path"
	"strings"

	"dagger/typescript-sdk/internal/dagger"
)

// The versions the stand-in installs or expects, as v0.21.8's node runtime has them.
const (
	// NodeVersion is the node of the default base image (tests/engine/sdk-content.sh reads it).
	NodeVersion = "24.13.1"
	// DefaultImage is the lab's node image: Debian with NodeVersion and NpmVersion (run.sh pushes it).
	DefaultImage = "node:" + NodeVersion
	// NpmVersion is the npm a module without packageManager gets (the image has it already).
	NpmVersion  = "11.8.0"
	YarnVersion = "1.22.22"
	PnpmVersion = "8.15.4"
	// TypeScriptVersion is the typescript the SDK content carries: a module depending on exactly
	// this version gets it mounted instead of installed.
	TypeScriptVersion = "5.9.3"
)

// The files of a module that decide its runtime, package manager and install.
var configFiles = []string{
	"package.json", "tsconfig.json", "pnpm-workspace.yaml", ".yarnrc.yml",
	"package-lock.json", "yarn.lock", "pnpm-lock.yaml", "bun.lockb", "bun.lock", "bunfig.toml",
	"deno.json", "deno.lock",
}

// packageJSON is what the runtime reads of the module's package.json.
type packageJSON struct {
	PackageManager string            `json:"packageManager"`
	Dependencies   map[string]string `json:"dependencies"`
	Dagger         *struct {
		BaseImage string `json:"baseImage"`
		Runtime   string `json:"runtime"`
	} `json:"dagger"`
}

// module is a module source as the runtime sees it.
type module struct {
	name    string
	subPath string
	// source is the module's source directory (the context directory at subPath).
	source  *dagger.Directory
	files   map[string]bool
	pkg     packageJSON
	hasPkg  bool
	manager string
	version string
	image   string
	// tsconfig is the module's tsconfig.json as the runtime mounts it (moduleTSConfig).
	tsconfig *dagger.File
}

// path is where the module's source sits in its containers.
func (m *module) path() string { return path.Join("/src", m.subPath) }

func readModule(ctx context.Context, src *dagger.ModuleSource) (*module, error) {
	m := &module{files: map[string]bool{}, source: dag.Directory()}
	var err error
	if m.name, err = src.ModuleOriginalName(ctx); err != nil {
		return nil, fmt.Errorf("the module's name: %w", err)
	}
	if m.subPath, err = src.SourceSubpath(ctx); err != nil {
		return nil, fmt.Errorf("the module's source path: %w", err)
	}
	if _, err := src.ContextDirectory().Directory(m.subPath).Entries(ctx); err == nil {
		m.source = src.ContextDirectory().Directory(m.subPath)
	}
	entries, err := dag.Directory().WithDirectory(".", m.source, dagger.DirectoryWithDirectoryOpts{Include: configFiles}).Entries(ctx)
	if err != nil {
		return nil, fmt.Errorf("the module's configuration files: %w", err)
	}
	for _, e := range entries {
		m.files[e] = true
	}
	if m.files["package.json"] {
		text, err := m.source.File("package.json").Contents(ctx)
		if err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(text), &m.pkg); err != nil {
			return nil, fmt.Errorf("%s/package.json: %w", m.subPath, err)
		}
		m.hasPkg = true
	}
	if err := m.detect(); err != nil {
		return nil, err
	}
	if m.tsconfig, err = moduleTSConfig(ctx, m); err != nil {
		return nil, err
	}
	return m, nil
}

// detect picks the runtime's image and the package manager as v0.21.8 does: dagger.runtime and
// packageManager in package.json first, then the lockfiles, then yarn. Only node is stood in.
func (m *module) detect() error {
	runtime, runtimeVersion := "node", ""
	if m.pkg.Dagger != nil && m.pkg.Dagger.Runtime != "" {
		runtime, runtimeVersion, _ = strings.Cut(m.pkg.Dagger.Runtime, "@")
	} else if m.files["bun.lockb"] || m.files["bun.lock"] {
		runtime = "bun"
	} else if !m.files["package-lock.json"] && !m.files["yarn.lock"] && !m.files["pnpm-lock.yaml"] && (m.files["deno.json"] || m.files["deno.lock"]) {
		runtime = "deno"
	}
	if runtime != "node" {
		return fmt.Errorf("runtime %q: bakery's stand-in for the TypeScript SDK's runtime runs node only", runtime)
	}
	m.image = DefaultImage
	if runtimeVersion != "" {
		m.image = "node:" + runtimeVersion
	}
	if m.pkg.Dagger != nil && m.pkg.Dagger.BaseImage != "" {
		m.image = m.pkg.Dagger.BaseImage
	}
	if m.pkg.PackageManager != "" {
		name, version, _ := strings.Cut(m.pkg.PackageManager, "@")
		if version == "" {
			return fmt.Errorf("packageManager %q in package.json has no version (e.g. npm@%s)", m.pkg.PackageManager, NpmVersion)
		}
		switch name {
		case "npm", "yarn", "pnpm":
			m.manager, m.version = name, version
			return nil
		}
		return fmt.Errorf("packageManager %q in package.json: not one of npm, yarn, pnpm", m.pkg.PackageManager)
	}
	switch {
	case m.files["package-lock.json"]:
		m.manager, m.version = "npm", NpmVersion
	case m.files["yarn.lock"]:
		m.manager, m.version = "yarn", YarnVersion
	case m.files["pnpm-lock.yaml"]:
		m.manager, m.version = "pnpm", PnpmVersion
	default:
		m.manager, m.version = "yarn", YarnVersion
	}
	return nil
}
