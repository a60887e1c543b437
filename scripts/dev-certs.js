// Chooses how the dev server talks: https with office-addin-dev-certs certificates, or plain http.
//
// - Windows/macOS (where Excel can sideload): like the official template, ask
//   office-addin-dev-certs for the certificates; it creates them and installs its CA if needed.
// - Linux (no desktop Excel): never try to install a CA (that needs sudo and fails as root
//   without it). Use ~/.office-addin-dev-certs if `npx office-addin-dev-certs install` already
//   generated it; otherwise serve plain http on localhost, which is all the playground needs.
// - NIANBAO_DEV_HTTP=1 forces plain http anywhere.
"use strict";
const fs = require("fs");
const os = require("os");
const path = require("path");

const CERT_DIR = path.join(os.homedir(), ".office-addin-dev-certs");
const CERT_FILES = { ca: "ca.crt", cert: "localhost.crt", key: "localhost.key" };

/** @returns {Promise<{ type: "https", options: {ca: Buffer, cert: Buffer, key: Buffer}, reason: string } | { type: "http", reason: string }>} */
async function devServerTransport() {
  if (process.env.NIANBAO_DEV_HTTP === "1") return { type: "http", reason: "NIANBAO_DEV_HTTP=1" };
  if (process.platform === "win32" || process.platform === "darwin") {
    const { getHttpsServerOptions } = require("office-addin-dev-certs");
    return { type: "https", options: await getHttpsServerOptions(), reason: "office-addin-dev-certs" };
  }
  const files = Object.entries(CERT_FILES).map(([key, name]) => [key, path.join(CERT_DIR, name)]);
  const missing = files.filter(([, file]) => !fs.existsSync(file)).map(([, file]) => file);
  if (missing.length > 0) return { type: "http", reason: `no dev certificates in ${CERT_DIR}` };
  const options = Object.fromEntries(files.map(([key, file]) => [key, fs.readFileSync(file)]));
  return { type: "https", options, reason: `certificates from ${CERT_DIR} (its CA is not installed on this machine; browsers will warn)` };
}

module.exports = { devServerTransport, CERT_DIR };
