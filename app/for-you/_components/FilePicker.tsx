"use client";

/** A button-looking label over a hidden file input; the same file can be picked again. */
export function FilePicker({ label, accept, testId, className, onFile }: { label: string; accept: string; testId: string; className: string; onFile: (file: File) => void }) {
  return (
    <label className={`cursor-pointer focus-within:outline focus-within:outline-2 focus-within:outline-offset-2 focus-within:outline-amber-400 ${className}`}>
      {label}
      <input
        type="file"
        accept={accept}
        className="sr-only"
        data-testid={testId}
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          e.currentTarget.value = "";
          if (file) onFile(file);
        }}
      />
    </label>
  );
}
