// Package importer reads the tables partners send — CSV in any encoding
// (UTF-8 with or without BOM, GB18030/GBK, "Unicode text" UTF-16), and .xlsx —
// into rows, and guesses what each column means. It knows nothing of the
// store: app/customers and app/sales turn rows into records. Beside the
// readers it holds what those two imports share: Job (the options every
// import takes), RowIssue and GroupIssues (a row's problems, and one line a
// column for the screen and the command line), WriteRejected (the
// rejected-rows file), CapMemory (a big import's soft memory limit) and
// ErrCancelled.
//
// Reading a file goes: bytes → Decode (BOM, UTF-8, else GB18030) → line
// endings normalised to "\n" → DetectDelimiter → eachRecord (the package's
// own CSV reader: encoding/csv's rules with LazyQuotes, FuzzEachRecord holds
// it to them, but a cell is a slice of the text where it is whole) → DetectHeader
// (skipping title rows such as "2024年经销商名单") → Table. An .xlsx file is
// read through excelize with the displayed cell texts. Then GuessMapping
// proposes a target field for every column and ApplyMap applies the user's
// --map overrides.
//
// Every data row below the header is kept, blank ones included, with the
// 1-based line (CSV) or row (xlsx) it starts on, so that the caller can
// account for each one. Errors name the file and, where there is one, the
// line: "distributors.csv: line 14: …". No input makes the package panic.
package importer
