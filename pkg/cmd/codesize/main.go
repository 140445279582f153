// Command codesize prints, as one JSON object, the length of every Go file under the given
// directories and of every function in them, for tools/structure to hold to the size rule.
// Directories named node_modules, dist or vendor, and hidden ones, are skipped.
package main

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/auditlens/entraid/pkg/internal/codesize"
)

type report struct {
	Files     []codesize.File     `json:"files"`
	Functions []codesize.Function `json:"functions"`
}

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: codesize <dir>... (measures every .go file under each directory)")
		os.Exit(2)
	}
	var out report
	for _, root := range os.Args[1:] {
		if err := filepath.WalkDir(root, func(path string, entry fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if entry.IsDir() {
				if path != root && skipped(entry.Name()) {
					return filepath.SkipDir
				}
				return nil
			}
			if !strings.HasSuffix(path, ".go") {
				return nil
			}
			src, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			file, functions, err := codesize.Measure(path, src)
			if err != nil {
				return err
			}
			out.Files = append(out.Files, file)
			out.Functions = append(out.Functions, functions...)
			return nil
		}); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
	if err := json.NewEncoder(os.Stdout).Encode(out); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func skipped(name string) bool {
	return strings.HasPrefix(name, ".") || name == "node_modules" || name == "dist" || name == "vendor"
}
