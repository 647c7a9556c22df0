/**
 * The groups of the main object, their checks, then their other functions: written by
 * `npm run docs` from the groups' decorators as the SDK's scanner reads them (a generator and a
 * function that publishes are not targets). Do not edit: declare a function in groups/ instead.
 */
export const GROUPS = {
  lints: { checks: ["fmt", "typos", "audit", "lychee", "check", "clippy"], functions: [] },
  tests: { checks: ["unit", "integ", "doc"], functions: ["bench", "unitValgrind", "integValgrind"] },
  smokes: { checks: ["smokeVersion", "smokeStartup"], functions: ["smokeValgrind", "smokePerf"] },
  integration: { checks: ["rustSdkInteg"], functions: ["rustSdkValgrind"] },
  complement: { checks: ["gate"], functions: ["complementTester", "complementTestee", "complement", "complementValgrind", "complementOutput"] },
  installs: { checks: [], functions: ["install", "static", "installValgrind", "installPerf", "docker", "oci"] },
  pkg: { checks: ["debInstall"], functions: ["deb", "rpm", "rpmInstall", "book", "docs", "nix", "smokeNix"] },
} as const satisfies Record<string, { readonly checks: readonly string[]; readonly functions: readonly string[] }>;
