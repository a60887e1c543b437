import { forwardRef } from "react";

/**
 * The hidden file input behind a 选择… button. It is emptied after each choice, so choosing the
 * same file again (after fixing it) is a choice again.
 */
export const FileInput = forwardRef<HTMLInputElement, { accept: string; testId: string; multiple?: boolean; onFiles: (files: File[]) => void }>(
  function FileInput(props, ref) {
    return (
      <input
        ref={ref}
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
  },
);
