import { hasXmlIllegal, removeXmlIllegal } from "../../src/workbook/cellText";

/** Characters XML cannot hold are removed on write; everything else, surrogate pairs included, is kept. */
describe("text that survives the file format", () => {
  test("control characters, U+FFFE/U+FFFF and lone surrogates are removed and named", () => {
    const { text, removed } = removeXmlIllegal("本年度\uFFFE共\u0001收到\uD800申请\uDC00。");
    expect(text).toBe("本年度共收到申请。");
    expect(removed).toEqual(["\uFFFE", "\u0001", "\uD800", "\uDC00"]);
  });

  test("a surrogate pair (𠀋, an emoji), tabs and line breaks are kept as they are", () => {
    const fine = "𠀋字 😀\t第一行\n第二行\r";
    expect(hasXmlIllegal(fine)).toBe(false);
    expect(removeXmlIllegal(fine)).toEqual({ text: fine, removed: [] });
    expect(removeXmlIllegal(`${fine}\u0007`)).toEqual({ text: fine, removed: ["\u0007"] });
  });
});
