/**
 * Offline check of the add-in-only XML manifest.
 *
 * Why not the official XSDs: `office-addin-manifest` (v3) ships no *.xsd files — its
 * `validate` command posts the manifest to an online Microsoft service, which this
 * workplace cannot reach. So this is a structural check written from the schema docs
 * (OfficeApp 1.1, VersionOverrides 1.0 for task-pane add-ins): element order and
 * cardinality for the parts we use, xsi:types, id formats and lengths, every `resid`
 * resolving to a resource of the right kind, no unused resources, string length limits,
 * https-only URLs that point at pages the build emits, and icon files that exist as PNGs
 * of the declared size. `npm run validate:manifest:online` runs the official check where
 * there is internet.
 *
 * Usage: tsx scripts/validate-manifest.ts [manifest.xml] [--base URL] [--root DIR]
 *   --base  URL the manifest's own files live under (default https://localhost:3000/)
 *   --root  directory that URL maps to, for icon files (default: the repo root)
 */
import * as fs from "fs";
import * as path from "path";
import { DOMParser, type Element } from "@xmldom/xmldom";
import { DEV_URL, PAGES } from "./addin-urls";

const NS_APP = "http://schemas.microsoft.com/office/appforoffice/1.1";
const NS_OV = "http://schemas.microsoft.com/office/taskpaneappversionoverrides";
const NS_BT = "http://schemas.microsoft.com/office/officeappbasictypes/1.0";
const NS_XSI = "http://www.w3.org/2001/XMLSchema-instance";

const SHORT_STRING_MAX = 125;
const LONG_STRING_MAX = 250;
const RESOURCE_ID_MAX = 32;
const CONTROL_ID_MAX = 125;
const URL_MAX = 2048;
const PERMISSIONS = ["Restricted", "ReadDocument", "ReadAllDocument", "WriteDocument", "ReadWriteDocument"];
const BUTTON_ICON_SIZES = [16, 32, 80];

export interface ManifestCheckOptions {
  /** URL the manifest's own pages and icons live under. */
  baseUrl?: string;
  /** Directory that `baseUrl` maps to; icon files are looked up here. */
  root?: string;
}

export interface RibbonButton {
  id: string;
  label: string;
  action: string;
  url: string | undefined;
  taskpaneId: string | undefined;
}

export interface RibbonGroup {
  tab: string;
  id: string;
  label: string;
  buttons: RibbonButton[];
}

export interface ManifestSummary {
  id: string;
  defaultLocale: string;
  displayName: string;
  description: string;
  host: string | undefined;
  permissions: string;
  sourceLocation: string | undefined;
  /** <Requirements><Sets>: the requirement sets Office checks before it offers the add-in. */
  requirements: Array<{ name: string; minVersion: string }>;
  groups: RibbonGroup[];
}

type ResourceKind = "Images" | "Urls" | "ShortStrings" | "LongStrings";

interface Resource {
  kind: ResourceKind;
  id: string;
  value: string;
  overrides: Array<{ locale: string; value: string }>;
}

/** One child slot in a schema sequence: namespace, local name, min and max occurrences. */
interface Slot {
  ns: string;
  name: string;
  min: number;
  max: number;
}

const one = (ns: string, name: string): Slot => ({ ns, name, min: 1, max: 1 });
const optional = (ns: string, name: string): Slot => ({ ns, name, min: 0, max: 1 });
const many = (ns: string, name: string, min = 1): Slot => ({ ns, name, min, max: Infinity });

/** OfficeApp (xsi:type TaskPaneApp) top-level sequence, schema 1.1. */
const OFFICE_APP_SEQUENCE: Slot[] = [
  one(NS_APP, "Id"),
  optional(NS_APP, "AlternateId"),
  one(NS_APP, "Version"),
  one(NS_APP, "ProviderName"),
  one(NS_APP, "DefaultLocale"),
  one(NS_APP, "DisplayName"),
  one(NS_APP, "Description"),
  // Optional in the XSD; required by Office for add-ins with commands and by AppSource.
  one(NS_APP, "IconUrl"),
  one(NS_APP, "HighResolutionIconUrl"),
  optional(NS_APP, "SupportUrl"),
  optional(NS_APP, "AppDomains"),
  one(NS_APP, "Hosts"),
  optional(NS_APP, "Requirements"),
  one(NS_APP, "DefaultSettings"),
  one(NS_APP, "Permissions"),
  optional(NS_APP, "AllowSnapshot"),
  one(NS_OV, "VersionOverrides"),
];

const SEQUENCES: Record<string, Slot[]> = {
  "OfficeApp/DefaultSettings": [one(NS_APP, "SourceLocation"), optional(NS_APP, "RequestedWidth"), optional(NS_APP, "RequestedHeight")],
  VersionOverrides: [
    optional(NS_OV, "Description"),
    optional(NS_OV, "Requirements"),
    one(NS_OV, "Hosts"),
    one(NS_OV, "Resources"),
    optional(NS_OV, "WebApplicationInfo"),
    optional(NS_OV, "EquivalentAddins"),
  ],
  DesktopFormFactor: [optional(NS_OV, "GetStarted"), one(NS_OV, "FunctionFile"), many(NS_OV, "ExtensionPoint")],
  GetStarted: [one(NS_OV, "Title"), one(NS_OV, "Description"), optional(NS_OV, "LearnMoreUrl")],
  OfficeTab: [many(NS_OV, "Group")],
  Group: [one(NS_OV, "Label"), one(NS_OV, "Icon"), many(NS_OV, "Control")],
  Button: [one(NS_OV, "Label"), one(NS_OV, "Supertip"), one(NS_OV, "Icon"), one(NS_OV, "Action"), optional(NS_OV, "Enabled")],
  Supertip: [one(NS_OV, "Title"), one(NS_OV, "Description")],
  Icon: [many(NS_BT, "Image")],
  ShowTaskpane: [optional(NS_OV, "TaskpaneId"), one(NS_OV, "SourceLocation"), optional(NS_OV, "Title"), optional(NS_OV, "SupportsPinning")],
  ExecuteFunction: [one(NS_OV, "FunctionName")],
  Resources: [optional(NS_BT, "Images"), optional(NS_BT, "Urls"), optional(NS_BT, "ShortStrings"), optional(NS_BT, "LongStrings")],
};

/** Which resource list a `resid` on each element must resolve into. */
const RESID_KIND: Record<string, ResourceKind> = {
  Image: "Images",
  SourceLocation: "Urls",
  FunctionFile: "Urls",
  LearnMoreUrl: "Urls",
  Label: "ShortStrings",
  Title: "ShortStrings",
  Description: "LongStrings",
};

const RESOURCE_ELEMENT: Record<ResourceKind, string> = {
  Images: "Image",
  Urls: "Url",
  ShortStrings: "String",
  LongStrings: "String",
};

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const VERSION = /^\d{1,5}(\.\d{1,5}){0,3}$/;
const LOCALE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;
const RESOURCE_ID = /^[A-Za-z0-9._-]+$/;

function children(element: Element): Element[] {
  const result: Element[] = [];
  for (let node = element.firstChild; node; node = node.nextSibling) {
    if (node.nodeType === 1) result.push(node as Element);
  }
  return result;
}

function child(element: Element | undefined, ns: string, name: string): Element | undefined {
  return element ? children(element).find((c) => c.namespaceURI === ns && c.localName === name) : undefined;
}

function childrenNamed(element: Element | undefined, ns: string, name: string): Element[] {
  return element ? children(element).filter((c) => c.namespaceURI === ns && c.localName === name) : [];
}

function xsiType(element: Element): string {
  const value = element.getAttributeNS(NS_XSI, "type") ?? "";
  return value.includes(":") ? value.slice(value.indexOf(":") + 1) : value;
}

function text(element: Element | undefined): string {
  return (element?.textContent ?? "").trim();
}

function describe(element: Element): string {
  const names: string[] = [];
  for (let node: Element | null = element; node && node.nodeType === 1; node = node.parentNode as Element | null) {
    const id = node.getAttribute("id");
    names.unshift(id ? `${node.localName}[${id}]` : (node.localName ?? ""));
  }
  return names.join("/");
}

function parse(xml: string): { root: Element | undefined; errors: string[] } {
  const errors: string[] = [];
  try {
    const document = new DOMParser({
      onError: (level, message) => {
        if (level !== "warning") errors.push(`XML is not well formed: ${message}`);
      },
    }).parseFromString(xml, "text/xml");
    return { root: document.documentElement ?? undefined, errors };
  } catch (error) {
    errors.push(`XML is not well formed: ${error instanceof Error ? error.message : String(error)}`);
    return { root: undefined, errors };
  }
}

/** PNG width and height from the IHDR chunk, or undefined if the bytes are not a PNG. */
function pngSize(bytes: Buffer): { width: number; height: number } | undefined {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (bytes.length < 24 || !bytes.subarray(0, 8).equals(signature)) return undefined;
  if (bytes.toString("ascii", 12, 16) !== "IHDR") return undefined;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

class ManifestChecker {
  readonly problems: string[] = [];
  private readonly resources = new Map<string, Resource>();
  private readonly used = new Set<string>();

  constructor(
    private readonly baseUrl: string,
    private readonly root: string,
  ) {}

  private fail(where: string, message: string): void {
    this.problems.push(`${where}: ${message}`);
  }

  /** Children of `element` must follow `sequence` in order, with allowed counts and nothing else. */
  private sequence(element: Element, sequence: Slot[]): void {
    const where = describe(element);
    const counts = sequence.map(() => 0);
    let slot = 0;
    for (const c of children(element)) {
      let index = slot;
      while (index < sequence.length && !(sequence[index].ns === c.namespaceURI && sequence[index].name === c.localName)) index++;
      if (index === sequence.length) {
        const known = sequence.findIndex((s) => s.ns === c.namespaceURI && s.name === c.localName);
        this.fail(where, known >= 0 ? `<${c.localName}> is out of order` : `unexpected element <${c.localName}> (namespace ${c.namespaceURI})`);
        continue;
      }
      counts[index]++;
      slot = index;
    }
    sequence.forEach((s, i) => {
      if (counts[i] < s.min) this.fail(where, `missing <${s.name}>`);
      if (counts[i] > s.max) this.fail(where, `<${s.name}> may appear at most ${s.max} time(s), found ${counts[i]}`);
    });
  }

  private url(where: string, value: string | null | undefined, pageOrAsset: "page" | "image" | "any"): void {
    if (!value) {
      this.fail(where, "URL is empty");
      return;
    }
    let parsed: URL;
    try {
      parsed = new URL(value);
    } catch {
      this.fail(where, `not an absolute URL: ${value}`);
      return;
    }
    if (parsed.protocol !== "https:") this.fail(where, `URL must be https: ${value}`);
    if (value.length > URL_MAX) this.fail(where, `URL longer than ${URL_MAX} characters`);
    if (pageOrAsset === "any") return;
    if (!value.startsWith(this.baseUrl)) {
      this.fail(where, `URL is not under the add-in's base URL ${this.baseUrl}: ${value}`);
      return;
    }
    const relative = decodeURIComponent(new URL(value).pathname.slice(new URL(this.baseUrl).pathname.length));
    if (pageOrAsset === "page" && !PAGES.some((p) => `${p.name}.html` === relative)) {
      this.fail(where, `${relative} is not a page the build emits (${PAGES.map((p) => `${p.name}.html`).join(", ")})`);
    }
  }

  private image(where: string, value: string | null, size: number): void {
    this.url(where, value, "image");
    if (!value || !value.startsWith(this.baseUrl)) return;
    const file = path.join(this.root, decodeURIComponent(value.slice(this.baseUrl.length)));
    if (!fs.existsSync(file)) {
      this.fail(where, `icon file ${path.relative(process.cwd(), file)} does not exist`);
      return;
    }
    const dimensions = pngSize(fs.readFileSync(file));
    if (!dimensions) this.fail(where, `${path.relative(process.cwd(), file)} is not a PNG file`);
    else if (dimensions.width !== size || dimensions.height !== size)
      this.fail(where, `${path.relative(process.cwd(), file)} is ${dimensions.width}×${dimensions.height}, expected ${size}×${size}`);
  }

  private localised(element: Element | undefined, max: number): void {
    if (!element) return;
    const where = describe(element);
    const value = element.getAttribute("DefaultValue");
    if (!value) this.fail(where, "DefaultValue is empty");
    else if (value.length > max) this.fail(where, `DefaultValue longer than ${max} characters`);
    for (const override of childrenNamed(element, NS_APP, "Override")) {
      const locale = override.getAttribute("Locale") ?? "";
      if (!LOCALE.test(locale)) this.fail(where, `Override has an invalid Locale "${locale}"`);
      const overrideValue = override.getAttribute("Value") ?? "";
      if (!overrideValue) this.fail(where, `Override ${locale} has an empty Value`);
      if (overrideValue.length > max) this.fail(where, `Override ${locale} longer than ${max} characters`);
    }
  }

  private readResources(resources: Element): void {
    this.sequence(resources, SEQUENCES.Resources);
    for (const kind of ["Images", "Urls", "ShortStrings", "LongStrings"] as const) {
      const list = child(resources, NS_BT, kind);
      if (!list) continue;
      for (const item of children(list)) {
        const where = describe(item);
        if (item.namespaceURI !== NS_BT || item.localName !== RESOURCE_ELEMENT[kind]) {
          this.fail(where, `unexpected element <${item.localName}> in bt:${kind}`);
          continue;
        }
        const id = item.getAttribute("id") ?? "";
        const value = item.getAttribute("DefaultValue") ?? "";
        if (!id) this.fail(where, "resource has no id");
        else if (id.length > RESOURCE_ID_MAX) this.fail(where, `resource id longer than ${RESOURCE_ID_MAX} characters`);
        else if (!RESOURCE_ID.test(id)) this.fail(where, `resource id "${id}" has characters other than A-Z a-z 0-9 . _ -`);
        if (this.resources.has(id)) this.fail(where, `resource id "${id}" is defined twice`);
        const overrides = childrenNamed(item, NS_BT, "Override").map((o) => ({
          locale: o.getAttribute("Locale") ?? "",
          value: o.getAttribute("Value") ?? "",
        }));
        for (const o of overrides) if (!LOCALE.test(o.locale)) this.fail(where, `Override has an invalid Locale "${o.locale}"`);
        if (children(item).length !== overrides.length) this.fail(where, "only <bt:Override> may appear inside a resource");
        for (const v of [value, ...overrides.map((o) => o.value)]) {
          if (!v) this.fail(where, "value is empty");
          if (kind === "ShortStrings" && v.length > SHORT_STRING_MAX) this.fail(where, `short string longer than ${SHORT_STRING_MAX} characters`);
          if (kind === "LongStrings" && v.length > LONG_STRING_MAX) this.fail(where, `long string longer than ${LONG_STRING_MAX} characters`);
          if (kind === "Urls") this.url(where, v, "page");
        }
        this.resources.set(id, { kind, id, value, overrides });
      }
    }
  }

  /** Resolves the resid on `element` and records it as used; reports a missing or wrongly-kinded target. */
  private resid(element: Element | undefined): Resource | undefined {
    if (!element) return undefined;
    const where = describe(element);
    const id = element.getAttribute("resid");
    const kind = RESID_KIND[element.localName ?? ""];
    if (!id) {
      this.fail(where, "resid is missing");
      return undefined;
    }
    this.used.add(id);
    const resource = this.resources.get(id);
    if (!resource) this.fail(where, `resid "${id}" does not resolve to any resource`);
    else if (kind && resource.kind !== kind) this.fail(where, `resid "${id}" is in bt:${resource.kind}, expected bt:${kind}`);
    return resource;
  }

  private icon(icon: Element | undefined): void {
    if (!icon) return;
    this.sequence(icon, SEQUENCES.Icon);
    const sizes: number[] = [];
    for (const image of childrenNamed(icon, NS_BT, "Image")) {
      const size = Number(image.getAttribute("size"));
      sizes.push(size);
      const resource = this.resid(image);
      if (resource?.kind === "Images") this.image(`${describe(image)} → ${resource.id}`, resource.value, size);
    }
    for (const required of BUTTON_ICON_SIZES) if (!sizes.includes(required)) this.fail(describe(icon), `missing icon size ${required}`);
  }

  check(root: Element): ManifestSummary {
    const summary: ManifestSummary = {
      id: "",
      defaultLocale: "",
      displayName: "",
      description: "",
      host: undefined,
      permissions: "",
      sourceLocation: undefined,
      requirements: [],
      groups: [],
    };
    if (root.namespaceURI !== NS_APP || root.localName !== "OfficeApp") {
      this.fail("/", `root element must be <OfficeApp> in ${NS_APP}`);
      return summary;
    }
    if (xsiType(root) !== "TaskPaneApp") this.fail("OfficeApp", `xsi:type must be TaskPaneApp, found "${xsiType(root)}"`);
    this.sequence(root, OFFICE_APP_SEQUENCE);

    summary.id = text(child(root, NS_APP, "Id"));
    if (!GUID.test(summary.id)) this.fail("OfficeApp/Id", `not a GUID: "${summary.id}"`);
    const version = text(child(root, NS_APP, "Version"));
    if (!VERSION.test(version)) this.fail("OfficeApp/Version", `not n.n.n.n: "${version}"`);
    if (!text(child(root, NS_APP, "ProviderName"))) this.fail("OfficeApp/ProviderName", "is empty");
    summary.defaultLocale = text(child(root, NS_APP, "DefaultLocale"));
    if (!LOCALE.test(summary.defaultLocale)) this.fail("OfficeApp/DefaultLocale", `invalid locale "${summary.defaultLocale}"`);

    const displayName = child(root, NS_APP, "DisplayName");
    const description = child(root, NS_APP, "Description");
    this.localised(displayName, SHORT_STRING_MAX);
    this.localised(description, LONG_STRING_MAX);
    summary.displayName = displayName?.getAttribute("DefaultValue") ?? "";
    summary.description = description?.getAttribute("DefaultValue") ?? "";
    const iconUrl = child(root, NS_APP, "IconUrl");
    if (iconUrl) this.image("OfficeApp/IconUrl", iconUrl.getAttribute("DefaultValue"), 32);
    const highResolutionIconUrl = child(root, NS_APP, "HighResolutionIconUrl");
    if (highResolutionIconUrl) this.image("OfficeApp/HighResolutionIconUrl", highResolutionIconUrl.getAttribute("DefaultValue"), 64);
    const supportUrl = child(root, NS_APP, "SupportUrl");
    if (supportUrl) this.url("OfficeApp/SupportUrl", supportUrl.getAttribute("DefaultValue"), "any");
    for (const domain of childrenNamed(child(root, NS_APP, "AppDomains"), NS_APP, "AppDomain")) this.url("OfficeApp/AppDomains", text(domain), "any");

    const hosts = childrenNamed(child(root, NS_APP, "Hosts"), NS_APP, "Host");
    summary.host = hosts.map((h) => h.getAttribute("Name") ?? "").join(",");
    if (summary.host !== "Workbook") this.fail("OfficeApp/Hosts", `must list exactly one Host Name="Workbook", found "${summary.host}"`);

    const requirements = child(root, NS_APP, "Requirements");
    if (requirements) {
      const sets = child(requirements, NS_APP, "Sets");
      if (!sets) this.fail("OfficeApp/Requirements", "must contain <Sets>");
      for (const set of childrenNamed(sets, NS_APP, "Set")) {
        const name = set.getAttribute("Name") ?? "";
        const minVersion = set.getAttribute("MinVersion") ?? sets?.getAttribute("DefaultMinVersion") ?? "";
        if (!/^\w+$/.test(name)) this.fail("OfficeApp/Requirements/Sets/Set", `Name must be a requirement set name, found "${name}"`);
        if (!/^\d+\.\d+$/.test(minVersion)) this.fail("OfficeApp/Requirements/Sets/Set", `MinVersion must be n.n, found "${minVersion}"`);
        summary.requirements.push({ name, minVersion });
      }
    }

    const defaultSettings = child(root, NS_APP, "DefaultSettings");
    if (defaultSettings) {
      this.sequence(defaultSettings, SEQUENCES["OfficeApp/DefaultSettings"]);
      summary.sourceLocation = child(defaultSettings, NS_APP, "SourceLocation")?.getAttribute("DefaultValue") ?? undefined;
      this.url("OfficeApp/DefaultSettings/SourceLocation", summary.sourceLocation, "page");
    }
    summary.permissions = text(child(root, NS_APP, "Permissions"));
    if (!PERMISSIONS.includes(summary.permissions)) this.fail("OfficeApp/Permissions", `unknown permission "${summary.permissions}"`);

    const overrides = child(root, NS_OV, "VersionOverrides");
    if (overrides) this.checkVersionOverrides(overrides, summary);
    return summary;
  }

  private checkVersionOverrides(overrides: Element, summary: ManifestSummary): void {
    if (xsiType(overrides) !== "VersionOverridesV1_0") this.fail("VersionOverrides", `xsi:type must be VersionOverridesV1_0, found "${xsiType(overrides)}"`);
    this.sequence(overrides, SEQUENCES.VersionOverrides);
    const resources = child(overrides, NS_OV, "Resources");
    if (resources) this.readResources(resources);
    this.resid(child(overrides, NS_OV, "Description"));

    const controlIds = new Set<string>();
    const claimId = (element: Element): string => {
      const id = element.getAttribute("id") ?? "";
      if (!id) this.fail(describe(element), "id is missing");
      else if (id.length > CONTROL_ID_MAX) this.fail(describe(element), `id longer than ${CONTROL_ID_MAX} characters`);
      else if (controlIds.has(id)) this.fail(describe(element), `id "${id}" is used twice`);
      controlIds.add(id);
      return id;
    };

    for (const host of childrenNamed(child(overrides, NS_OV, "Hosts"), NS_OV, "Host")) {
      if (xsiType(host) !== "Workbook") this.fail(describe(host), `xsi:type must be Workbook, found "${xsiType(host)}"`);
      const desktop = child(host, NS_OV, "DesktopFormFactor");
      if (!desktop) {
        this.fail(describe(host), "missing <DesktopFormFactor>");
        continue;
      }
      this.sequence(desktop, SEQUENCES.DesktopFormFactor);
      const getStarted = child(desktop, NS_OV, "GetStarted");
      if (getStarted) {
        this.sequence(getStarted, SEQUENCES.GetStarted);
        for (const c of children(getStarted)) this.resid(c);
      }
      this.resid(child(desktop, NS_OV, "FunctionFile"));

      for (const point of childrenNamed(desktop, NS_OV, "ExtensionPoint")) {
        if (xsiType(point) !== "PrimaryCommandSurface") {
          this.fail(describe(point), `only PrimaryCommandSurface is expected, found "${xsiType(point)}"`);
          continue;
        }
        const tabs = children(point);
        if (tabs.length === 0) this.fail(describe(point), "has no tab");
        for (const tab of tabs) {
          if (tab.localName !== "OfficeTab" || tab.namespaceURI !== NS_OV) {
            this.fail(describe(point), `unexpected element <${tab.localName}>`);
            continue;
          }
          const tabId = tab.getAttribute("id") ?? "";
          if (!/^Tab[A-Z][A-Za-z]*$/.test(tabId)) this.fail(describe(tab), `"${tabId}" is not a built-in tab id`);
          this.sequence(tab, SEQUENCES.OfficeTab);
          for (const group of childrenNamed(tab, NS_OV, "Group")) summary.groups.push(this.checkGroup(tabId, group, claimId));
        }
      }
    }
    for (const resource of this.resources.values()) {
      if (!this.used.has(resource.id)) this.fail(`Resources/${resource.kind}/${resource.id}`, "resource is never referenced");
    }
  }

  private checkGroup(tab: string, group: Element, claimId: (element: Element) => string): RibbonGroup {
    const result: RibbonGroup = { tab, id: claimId(group), label: "", buttons: [] };
    this.sequence(group, SEQUENCES.Group);
    result.label = this.resid(child(group, NS_OV, "Label"))?.value ?? "";
    this.icon(child(group, NS_OV, "Icon"));
    for (const control of childrenNamed(group, NS_OV, "Control")) {
      const id = claimId(control);
      if (xsiType(control) !== "Button") {
        this.fail(describe(control), `only Button controls are expected, found "${xsiType(control)}"`);
        continue;
      }
      this.sequence(control, SEQUENCES.Button);
      const label = this.resid(child(control, NS_OV, "Label"))?.value ?? "";
      const supertip = child(control, NS_OV, "Supertip");
      if (supertip) {
        this.sequence(supertip, SEQUENCES.Supertip);
        for (const c of children(supertip)) this.resid(c);
      }
      this.icon(child(control, NS_OV, "Icon"));
      const action = child(control, NS_OV, "Action");
      const actionType = action ? xsiType(action) : "";
      let url: string | undefined;
      let taskpaneId: string | undefined;
      if (action && (actionType === "ShowTaskpane" || actionType === "ExecuteFunction")) {
        this.sequence(action, SEQUENCES[actionType]);
        if (actionType === "ShowTaskpane") {
          url = this.resid(child(action, NS_OV, "SourceLocation"))?.value;
          const taskpane = child(action, NS_OV, "TaskpaneId");
          taskpaneId = taskpane ? text(taskpane) : undefined;
          if (taskpane && !taskpaneId) this.fail(describe(taskpane), "is empty");
        } else if (!text(child(action, NS_OV, "FunctionName"))) this.fail(describe(action), "FunctionName is empty");
      } else if (action) this.fail(describe(action), `unknown action type "${actionType}"`);
      result.buttons.push({ id, label, action: actionType, url, taskpaneId });
    }
    return result;
  }
}

/** Checks a manifest; `problems` is empty when it passes. The summary is filled as far as parsing got. */
export function checkManifest(xml: string, options: ManifestCheckOptions = {}): { problems: string[]; summary: ManifestSummary | undefined } {
  const baseUrl = options.baseUrl ?? DEV_URL;
  const root = options.root ?? path.join(__dirname, "..");
  const parsed = parse(xml);
  if (!parsed.root || parsed.errors.length > 0) return { problems: parsed.errors, summary: undefined };
  const checker = new ManifestChecker(baseUrl, root);
  const summary = checker.check(parsed.root);
  return { problems: checker.problems, summary };
}

function main(argv: string[]): number {
  const args = [...argv];
  let baseUrl: string | undefined;
  let root: string | undefined;
  const files: string[] = [];
  while (args.length > 0) {
    const arg = args.shift() as string;
    if (arg === "--base") baseUrl = args.shift();
    else if (arg === "--root") root = args.shift();
    else files.push(arg);
  }
  const file = files[0] ?? path.join(__dirname, "..", "manifest.xml");
  const { problems } = checkManifest(fs.readFileSync(file, "utf8"), { baseUrl, root: root && path.resolve(root) });
  if (problems.length > 0) {
    console.error(`${file}: ${problems.length} problem(s)`);
    for (const problem of problems) console.error(`  ✗ ${problem}`);
    return 1;
  }
  console.log(`${file}: manifest OK (offline structural check; see scripts/validate-manifest.ts)`);
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
