import type { RefObject } from "react";

/**
 * The hidden file input behind a 选择… button. It is emptied after each choice, so choosing the
 * same file again (after fixing it) is a choice again.
 */
export function FileInput(props: {
  inputRef: RefObject<HTMLInputElement>;
  accept: string;
  testId: string;
  multiple?: boolean;
  onFiles: (files: File[]) => void;
}) {
  return (
    <input
      ref={props.inputRef}
      type="file"
      accept={props.accept}
      multiple={props.multiple}
      hidden
      data-testid={props.testId}
      onChange={(e) => {
        const files = [...(e.target.files ?? [])];
        e.target.value = "";
        props.onFiles(files);
      }}
    />
  );
}
