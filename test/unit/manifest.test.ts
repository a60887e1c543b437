import * as fs from "fs";
import * as path from "path";
import { DEV_URL, normaliseBaseUrl, rewriteManifestUrls } from "../../scripts/addin-urls";
import { checkManifest } from "../../scripts/validate-manifest";
import { MINIMUM_EXCEL_API } from "../../src/host/capabilities";

const ROOT = path.join(__dirname, "..", "..");
const MANIFEST = fs.readFileSync(path.join(ROOT, "manifest.xml"), "utf8");

/** Applies a text edit and insists that it changed something, so a stale edit cannot pass silently. */
function edit(xml: string, find: string | RegExp, replace: string): string {
  const changed = xml.replace(find, replace);
  if (changed === xml) throw new Error(`edit did not apply: ${String(find)}`);
  return changed;
}

describe("manifest.xml", () => {
  const { problems, summary } = checkManifest(MANIFEST);

  it("passes the offline structural check", () => {
    expect(problems).toEqual([]);
  });

  it("is an Excel add-in in zh-CN that may read and write the workbook", () => {
    expect(summary).toMatchObject({
      defaultLocale: "zh-CN",
      displayName: "年报",
      host: "Workbook",
      permissions: "ReadWriteDocument",
      sourceLocation: `${DEV_URL}taskpane.html`,
    });
    for (const task of ["政府信息公开工作年度报告", "生成报表", "校验", "起草正文", "导出"]) expect(summary?.description).toContain(task);
  });

  it("declares the minimum ExcelApi the pane checks for, so Office does not offer the add-in below it", () => {
    expect(summary?.requirements).toEqual([{ name: "ExcelApi", minVersion: MINIMUM_EXCEL_API }]);
  });

  it("has one Home-tab group 政府信息公开年报 whose buttons open the pane and the findings", () => {
    expect(summary?.groups).toHaveLength(1);
    const [group] = summary?.groups ?? [];
    expect(group).toMatchObject({ tab: "TabHome", label: "政府信息公开年报" });
    expect(group.buttons.map(({ label, action, url }) => ({ label, action, url }))).toEqual([
      { label: "打开面板", action: "ShowTaskpane", url: `${DEV_URL}taskpane.html` },
      { label: "校验", action: "ShowTaskpane", url: `${DEV_URL}taskpane.html?view=validate` },
    ]);
    // Sharing one TaskpaneId makes 校验 navigate the open pane instead of opening a second one.
    const [open, validate] = group.buttons;
    expect(open.taskpaneId).toBeTruthy();
    expect(validate.taskpaneId).toBe(open.taskpaneId);
  });

  it("ships every icon size as a PNG in assets/", () => {
    for (const size of [16, 32, 64, 80, 128]) {
      const bytes = fs.readFileSync(path.join(ROOT, "assets", `icon-${size}.png`));
      expect(bytes.subarray(1, 4).toString("ascii")).toBe("PNG");
      expect([bytes.readUInt32BE(16), bytes.readUInt32BE(20)]).toEqual([size, size]);
    }
  });
});

describe("deployment URL rewrite", () => {
  it("replaces every dev URL and the result still passes", () => {
    const deployed = rewriteManifestUrls(MANIFEST, "https://example.gov.cn/nianbao");
    expect(deployed).not.toContain(DEV_URL);
    expect(deployed).not.toMatch(/https?:\/\/localhost/);
    const { problems, summary } = checkManifest(deployed, { baseUrl: "https://example.gov.cn/nianbao/" });
    expect(problems).toEqual([]);
    expect(summary?.sourceLocation).toBe("https://example.gov.cn/nianbao/taskpane.html");
    expect(summary?.groups[0].buttons[1].url).toBe("https://example.gov.cn/nianbao/taskpane.html?view=validate");
  });

  it("is checked against the deployment URL, not the dev one", () => {
    const deployed = rewriteManifestUrls(MANIFEST, "https://example.gov.cn/nianbao/");
    expect(checkManifest(deployed).problems.join("\n")).toMatch(/not under the add-in's base URL/);
  });

  it.each(["http://example.gov.cn/", "example.gov.cn/nianbao", "https://example.gov.cn/?x=1"])("refuses %s", (url) => {
    expect(() => normaliseBaseUrl(url)).toThrow(/部署地址/);
  });
});

describe("a broken copy of the manifest fails", () => {
  const cases: Array<[string, (xml: string) => string, RegExp]> = [
    ["malformed XML", (xml) => edit(xml, "</Hosts>", "</Host>"), /not well formed/],
    ["a resid with no resource", (xml) => edit(xml, /<bt:Url id="Validate.Url"[^>]*\/>/, ""), /resid "Validate.Url" does not resolve/],
    [
      "a resid of the wrong kind",
      (xml) => edit(xml, '<Label resid="Validate.Label"/>', '<Label resid="Validate.Tooltip"/>'),
      /in bt:LongStrings, expected bt:ShortStrings/,
    ],
    ["a literal label instead of a resid", (xml) => edit(xml, '<Label resid="Group.Label"/>', "<Label>政府信息公开年报</Label>"), /resid is missing/],
    [
      "an unreferenced resource",
      (xml) => edit(xml, "</bt:ShortStrings>", '<bt:String id="Spare" DefaultValue="多余"/></bt:ShortStrings>'),
      /Spare: resource is never referenced/,
    ],
    ["a duplicate resource id", (xml) => edit(xml, '<bt:String id="OpenPane.Tooltip"', '<bt:String id="Validate.Tooltip"'), /defined twice/],
    [
      "a duplicate control id",
      (xml) => edit(xml, 'Control xsi:type="Button" id="Nianbao.Validate"', 'Control xsi:type="Button" id="Nianbao.OpenPane"'),
      /id "Nianbao.OpenPane" is used twice/,
    ],
    ["a resource id over 32 characters", (xml) => xml.split("Validate.Tooltip").join("Validate.Tooltip.That.Is.Far.Too.Long"), /longer than 32/],
    ["a short string over 125 characters", (xml) => edit(xml, 'DefaultValue="打开面板"', `DefaultValue="${"长".repeat(126)}"`), /short string longer than 125/],
    ["an http URL", (xml) => edit(xml, "https://localhost:3000/commands.html", "http://localhost:3000/commands.html"), /URL must be https/],
    [
      "a URL to a page the build does not emit",
      (xml) => edit(xml, "taskpane.html?view=validate", "validate.html"),
      /validate.html is not a page the build emits/,
    ],
    ["a missing icon file", (xml) => edit(xml, "assets/icon-80.png", "assets/icon-48.png"), /icon-48.png does not exist/],
    ["an icon of the wrong size", (xml) => edit(xml, "assets/icon-80.png", "assets/icon-64.png"), /is 64×64, expected 80×80/],
    [
      "a button without the 80px icon",
      (xml) => edit(xml, /(<Control xsi:type="Button" id="Nianbao.OpenPane">[\s\S]*?)<bt:Image size="80" resid="Icon.80x80"\/>/, "$1"),
      /missing icon size 80/,
    ],
    [
      "elements out of order",
      (xml) =>
        edit(
          edit(xml, "<Permissions>ReadWriteDocument</Permissions>", ""),
          "<DefaultSettings>",
          "<Permissions>ReadWriteDocument</Permissions><DefaultSettings>",
        ),
      /out of order/,
    ],
    ["a missing DefaultLocale", (xml) => edit(xml, "<DefaultLocale>zh-CN</DefaultLocale>", ""), /missing <DefaultLocale>/],
    ["a non-Excel host", (xml) => edit(xml, '<Host Name="Workbook"/>', '<Host Name="Document"/>'), /Host Name="Workbook"/],
    ["a Word host in the overrides", (xml) => edit(xml, '<Host xsi:type="Workbook">', '<Host xsi:type="Document">'), /xsi:type must be Workbook/],
    [
      "an unknown permission",
      (xml) => edit(xml, "<Permissions>ReadWriteDocument</Permissions>", "<Permissions>Everything</Permissions>"),
      /unknown permission/,
    ],
    ["an Id that is not a GUID", (xml) => edit(xml, /<Id>[^<]+<\/Id>/, "<Id>nianbao</Id>"), /not a GUID/],
    ["an unexpected element", (xml) => edit(xml, "<Permissions>", "<Colour>red</Colour><Permissions>"), /unexpected element <Colour>/],
  ];

  it.each(cases)("%s", (_name, breakIt, expected) => {
    const { problems } = checkManifest(breakIt(MANIFEST));
    expect(problems.join("\n")).toMatch(expected);
  });
});
