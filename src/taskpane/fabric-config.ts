// Fluent UI v8 registers @font-face rules that download Segoe UI from the Office CDN unless
// window.FabricConfig.fontBaseUrl is set to "" before its theme module runs. The pane loads
// nothing from outside its own origin, so this module must be imported before any module
// that imports @fluentui/react (ES modules evaluate in import order). The text then uses the
// system's fonts (Microsoft YaHei UI and the like for Chinese).
const host = window as Window & { FabricConfig?: { fontBaseUrl?: string } };
host.FabricConfig = { ...host.FabricConfig, fontBaseUrl: "" };

export {};
