// Package distconsts is bakery's stand-in for Dagger v0.21.8's engine/distconsts: the paths,
// names and image references the engine and its clients agree on. The lane's build checks
// nothing else is needed: the engine compiles against these names.
package distconsts

const (
	EngineContainerName   = "dagger-engine.dev"
	DefaultEngineSockAddr = "unix:///run/dagger/engine.sock"
)

const (
	RuncPath               = "/usr/local/bin/runc"
	DaggerInitPath         = "/usr/local/bin/dagger-init"
	TiniPath               = "/usr/local/bin/tini"
	EngineDefaultStateDir  = "/var/lib/dagger"
	EngineCustomCACertsDir = "/usr/local/share/ca-certificates"
)

const (
	EngineContainerBuiltinContentDir   = "/usr/local/share/dagger/content"
	GoSDKManifestDigestEnvName         = "DAGGER_GO_SDK_MANIFEST_DIGEST"
	PythonSDKManifestDigestEnvName     = "DAGGER_PYTHON_SDK_MANIFEST_DIGEST"
	TypescriptSDKManifestDigestEnvName = "DAGGER_TYPESCRIPT_SDK_MANIFEST_DIGEST"
)

const (
	AlpineVersion  = "3.22.1"
	AlpineImage    = "alpine:" + AlpineVersion
	GolangVersion  = "1.26"
	GolangImage    = "golang:" + GolangVersion + "-alpine"
	BusyboxVersion = "1.37.0"
	BusyboxImage   = "busybox:" + BusyboxVersion
)

const OCIVersionAnnotation = "org.opencontainers.image.version"
