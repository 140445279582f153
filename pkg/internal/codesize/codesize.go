// Package codesize measures Go source for the project's size rule (files ≤ 400 lines, functions ≤ 60):
// it reports lengths only; tools/structure applies the limits to Go and TypeScript alike.
package codesize

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"regexp"
)

// File is one Go source file's length and whether a generator wrote it.
type File struct {
	Path      string `json:"file"`
	Lines     int    `json:"lines"`
	Generated bool   `json:"generated"`
}

// Function is one function or method (or function literal) with its extent in lines, from the
// `func` keyword to the closing brace; the doc comment is not counted.
type Function struct {
	Path  string `json:"file"`
	Name  string `json:"name"`
	Line  int    `json:"line"`
	Lines int    `json:"lines"`
}

// generatedMarker is Go's convention for generated files (https://go.dev/s/generatedcode).
var generatedMarker = regexp.MustCompile(`(?m)^// Code generated .* DO NOT EDIT\.$`)

// Measure parses one file's source and returns its length and its functions' lengths.
func Measure(path string, src []byte) (File, []Function, error) {
	fset := token.NewFileSet()
	parsed, err := parser.ParseFile(fset, path, src, parser.ParseComments)
	if err != nil {
		return File{}, nil, fmt.Errorf("codesize: cannot parse %s (%w); fix the syntax error first", path, err)
	}
	file := File{Path: path, Lines: lineCount(src), Generated: generatedMarker.Match(src)}
	var functions []Function
	var enclosing []string
	ast.Inspect(parsed, func(node ast.Node) bool {
		switch fn := node.(type) {
		case *ast.FuncDecl:
			name := declName(fn)
			enclosing = []string{name}
			functions = append(functions, extent(fset, path, name, fn.Pos(), fn.End()))
		case *ast.FuncLit:
			name := "func literal"
			if len(enclosing) > 0 {
				name = enclosing[0] + " (func literal)"
			}
			functions = append(functions, extent(fset, path, name, fn.Pos(), fn.End()))
		}
		return true
	})
	return file, functions, nil
}

func declName(fn *ast.FuncDecl) string {
	if fn.Recv == nil || len(fn.Recv.List) == 0 {
		return fn.Name.Name
	}
	receiver := fn.Recv.List[0].Type
	for {
		switch t := receiver.(type) {
		case *ast.StarExpr:
			receiver = t.X
			continue
		case *ast.IndexExpr:
			receiver = t.X
			continue
		case *ast.IndexListExpr:
			receiver = t.X
			continue
		case *ast.Ident:
			return t.Name + "." + fn.Name.Name
		}
		return fn.Name.Name
	}
}

func extent(fset *token.FileSet, path, name string, from, to token.Pos) Function {
	first := fset.Position(from).Line
	last := fset.Position(to).Line
	return Function{Path: path, Name: name, Line: first, Lines: last - first + 1}
}

// lineCount counts lines as an editor does: a final newline does not start another line.
func lineCount(src []byte) int {
	if len(src) == 0 {
		return 0
	}
	breaks := bytes.Count(src, []byte("\n"))
	if src[len(src)-1] == '\n' {
		return breaks
	}
	return breaks + 1
}
