import type { HostCapabilities } from "../host/capabilities";

/**
 * Files and the clipboard from inside a task pane. A download is handed to the webview; where the
 * webview cannot save one (Excel for Mac and iPad: `<a download>` does nothing, office-js issue
 * 2700) nothing is attempted and the caller offers a way that works there.
 */

/** Hand a file to the webview to save. False where this host cannot save files. */
export function saveFile(host: HostCapabilities, name: string, data: Uint8Array | string, type: string): boolean {
  if (!host.download) return false;
  const blob = new Blob([data as BlobPart], { type });
  // EdgeHTML, the webview of Office 2019 on older Windows 10, saves through its own call.
  const legacy = navigator as Navigator & { msSaveOrOpenBlob?: (blob: Blob, name: string) => boolean };
  if (typeof legacy.msSaveOrOpenBlob === "function") return legacy.msSaveOrOpenBlob(blob, name);
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.style.display = "none";
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return true;
}

/** Put HTML (with a plain-text twin) on the clipboard: the async API, else a selection copied. False when neither is allowed. */
export async function copyToClipboard(html: string | null, text: string): Promise<boolean> {
  try {
    if (typeof ClipboardItem !== "undefined" && navigator.clipboard?.write) {
      const items: Record<string, Blob> = { "text/plain": new Blob([text], { type: "text/plain" }) };
      if (html !== null) items["text/html"] = new Blob([html], { type: "text/html" });
      await navigator.clipboard.write([new ClipboardItem(items)]);
      return true;
    }
  } catch {
    // Denied (an Office webview without clipboard permission): try a selection below.
  }
  const box = document.createElement("div");
  box.contentEditable = "true";
  box.style.position = "fixed";
  box.style.left = "-10000px";
  if (html !== null) box.innerHTML = html;
  else box.textContent = text;
  document.body.appendChild(box);
  try {
    const range = document.createRange();
    range.selectNodeContents(box);
    const selection = window.getSelection();
    selection?.removeAllRanges();
    selection?.addRange(range);
    // execCommand is deprecated but is what older webviews (Safari's, EdgeHTML) still honour.
    return document.execCommand("copy");
  } catch {
    return false;
  } finally {
    box.remove();
  }
}
