// Command yaml-decode reads YAML documents the way kubectl and Argo CD do, with sigs.k8s.io/yaml (go-yaml, YAML
// 1.1, converted to JSON), so that tests can check what the project's YAML writer writes against what they read.
//
// Input on stdin: a JSON array of strings, each one YAML document. Output on stdout: a JSON array with one entry
// per input, in order: {"json": <the document as JSON>} or {"error": "<why it does not read>"}. One process reads
// a whole batch, so a test can check thousands of documents without starting a process for each.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"

	"sigs.k8s.io/yaml"
)

// result is what one document reads as: its JSON, or the error that refused it.
type result struct {
	JSON  json.RawMessage `json:"json,omitempty"`
	Error string          `json:"error,omitempty"`
}

func decode(document string) result {
	converted, err := yaml.YAMLToJSON([]byte(document))
	if err != nil {
		return result{Error: err.Error()}
	}
	return result{JSON: converted}
}

func main() {
	var documents []string
	if err := json.NewDecoder(bufio.NewReader(os.Stdin)).Decode(&documents); err != nil {
		fmt.Fprintf(os.Stderr, "yaml-decode: stdin must be a JSON array of strings: %v\n", err)
		os.Exit(2)
	}
	results := make([]result, len(documents))
	for i, document := range documents {
		results[i] = decode(document)
	}
	out := bufio.NewWriter(os.Stdout)
	encoder := json.NewEncoder(out)
	encoder.SetEscapeHTML(false)
	if err := encoder.Encode(results); err != nil {
		fmt.Fprintf(os.Stderr, "yaml-decode: %v\n", err)
		os.Exit(1)
	}
	if err := out.Flush(); err != nil {
		fmt.Fprintf(os.Stderr, "yaml-decode: %v\n", err)
		os.Exit(1)
	}
}
