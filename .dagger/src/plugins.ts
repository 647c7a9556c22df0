/**
 * The project plugins bakery carries beside the Rust pipeline: each a feature folder with its
 * layers, their declarations on the graph, its group, its defaults and its docs, here tuwunel's
 * Complement (complement/) and matrix-rust-sdk's integration tests (integration/). A plugin
 * meets the pipeline through its table of layers (PluginLayers, each layer with its kind), which
 * it declares on a cell's graph with `Graph.declareIn`, and its group, a function of the main
 * object; this table lists the plugins so `plan` counts their kinds. A plugin of another project
 * is one more entry, the same way.
 */
import { COMPLEMENT_LAYERS, complementSources } from "./complement/graph.js";
import { LAYER_KINDS, type Graph, type PluginLayers } from "./graph.js";
import { rustSdkSources } from "./integration/rust-sdk.js";
import type { SourceRow } from "./sources.js";

/** A project's plugin: the layers it adds to the graph (none for a plugin of leaves only), and the external inputs it fetches on a cell's graph (`sources`). */
export interface Plugin {
  readonly layers: PluginLayers;
  readonly sources: (g: Graph) => SourceRow[];
}

/** The plugins, by the name of their group. */
export const PLUGINS = {
  complement: { layers: COMPLEMENT_LAYERS, sources: complementSources },
  integration: { layers: {}, sources: rustSdkSources },
} as const satisfies Record<string, Plugin>;

/** Every plugin's layers, by name. */
export const PLUGIN_LAYERS: PluginLayers = Object.assign({}, ...Object.values(PLUGINS).map((p: Plugin) => p.layers)) as PluginLayers;

/** Every plugin's external inputs on a cell's graph, with their defaults (a group's arguments may change them). */
export function pluginSources(g: Graph): SourceRow[] {
  return Object.values(PLUGINS).flatMap((p: Plugin) => p.sources(g));
}

/** The kinds of layer in chain order: the Rust pipeline's, then those the plugins add. */
export const KINDS: readonly string[] = [...new Set([...LAYER_KINDS, ...Object.values(PLUGIN_LAYERS).map((l) => l.kind)])];
