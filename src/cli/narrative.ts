import { renderParagraph } from "../narrative/render";
import type { Snapshot } from "../workbook/snapshot";

/** `nianbao narrative`: the title and the six parts, paragraphs rendered with the current table values. */
export function narrativeText(snapshot: Snapshot): string {
  const { version } = snapshot.model;
  const lines = [`${snapshot.cover.orgName ?? ""}${snapshot.cover.year ?? ""}年政府信息公开工作年度报告`, ""];
  version.sections.forEach((title, part) => {
    lines.push(title);
    const paragraphs = snapshot.narrative.filter((p) => p.part === part);
    if (paragraphs.length === 0) lines.push("（未填写）");
    for (const p of paragraphs) lines.push(renderParagraph(snapshot, p));
    lines.push("");
  });
  return `${lines.join("\n")}`;
}
