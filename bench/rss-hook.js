// Preloaded (node -r) into a CLI run by the hostile bench: on exit, its peak resident memory goes to NIANBAO_RSS_FILE.
const { writeFileSync } = require("node:fs");
process.on("exit", () => {
  if (process.env.NIANBAO_RSS_FILE) writeFileSync(process.env.NIANBAO_RSS_FILE, String(process.resourceUsage().maxRSS));
});
