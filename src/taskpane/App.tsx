import { Stack, Text } from "@fluentui/react";
import { zhCN } from "./i18n/zh-CN";
import type { PaneView } from "./view";

/** Placeholder pane: a title and the view the ribbon asked for. */
export function App({ view }: { view: PaneView }) {
  return (
    <Stack tokens={{ childrenGap: 8, padding: 16 }}>
      <Text as="h1" variant="xxLarge">
        {zhCN.title}
      </Text>
      <Text variant="medium">{zhCN.subtitle}</Text>
      <Text variant="medium" data-view={view}>
        {zhCN.views[view]}
      </Text>
    </Stack>
  );
}
