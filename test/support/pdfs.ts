/**
 * Small PDFs written by hand, for the files 导入 must refuse: a scan (an image, no text layer)
 * and an encrypted one (a password is needed to open it). Offsets in the xref are computed, so
 * pdf.js reads them as well-formed files.
 */

function pdf(objects: string[], trailerExtra = ""): Buffer {
  let out = "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n";
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, "latin1"));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, "latin1");
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R ${trailerExtra}>>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, "latin1");
}

/** Two pages, each one grey image and nothing else: what a scanner makes. */
export function scannedPdf(): Buffer {
  const pixels = "\x80".repeat(16 * 16);
  const page = (content: number) =>
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im1 3 0 R >> >> /Contents ${content} 0 R >>`;
  const draw = "q 595 0 0 842 0 0 cm /Im1 Do Q";
  return pdf([
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [4 0 R 5 0 R] /Count 2 >>",
    `<< /Type /XObject /Subtype /Image /Width 16 /Height 16 /ColorSpace /DeviceGray /BitsPerComponent 8 /Length ${pixels.length} >>\nstream\n${pixels}\nendstream`,
    page(6),
    page(6),
    `<< /Length ${draw.length} >>\nstream\n${draw}\nendstream`,
  ]);
}

/** Encrypted with the standard handler and a user password (the /U entry matches no empty password). */
export function encryptedPdf(): Buffer {
  const hex = (n: number) => "<" + "a5".repeat(n) + ">";
  return pdf(
    [
      "<< /Type /Catalog /Pages 2 0 R >>",
      "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
      `<< /Filter /Standard /V 1 /R 2 /O ${hex(32)} /U ${hex(32)} /P -3904 >>`,
    ],
    `/Encrypt 4 0 R /ID [<0123456789abcdef0123456789abcdef> <0123456789abcdef0123456789abcdef>] `,
  );
}

/** A file that starts and ends like a PDF and is 50 MB long. */
export function hugePdf(bytes = 50 * 1024 * 1024): Buffer {
  const head = Buffer.from("%PDF-1.7\n", "latin1");
  const tail = Buffer.from("\n%%EOF\n", "latin1");
  const out = Buffer.alloc(bytes, 0x20);
  head.copy(out, 0);
  tail.copy(out, bytes - tail.length);
  return out;
}
