// Command tlog-oracle checks an Emblem issuance log with Go's own
// implementation of transparency logs (golang.org/x/mod/sumdb/tlog and
// sumdb/note), independent of the TypeScript code that wrote it.
//
//	tlog-oracle -dir <site>/log -vkey <verifier key> [-old <checkpoint file>] [-proofs <json file>]
//
// It opens the checkpoint with note.Open and the log's verifier key, reads the
// hash tiles (C2SP tlog-tiles paths: tile/<L>/<N>[.p/<W>], not the Go checksum
// database's tile/<H>/<L>/…) through tlog.TileHashReader, which checks each
// tile against the checkpoint's root, recomputes the root with tlog.TreeHash,
// proves and checks the inclusion of every entry of the entry bundles (or of
// every k-th with -every k), and,
// given an older checkpoint, proves and checks consistency with it. Proofs
// made by the TypeScript code (-proofs) are checked with tlog.CheckRecord and
// tlog.CheckTree and compared with Go's own. Prints a JSON summary; exits 1
// with the reason on any failure.
//
// Build offline with Debian's golang-go and golang-golang-x-mod-dev:
//
//	GO111MODULE=off GOPATH=/usr/share/gocode go build -o oracle .
package main

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

type tsProofs struct {
	Inclusion []struct {
		Index int64    `json:"index"`
		Proof []string `json:"proof"`
	} `json:"inclusion"`
	Consistency *struct {
		OldSize int64    `json:"oldSize"`
		Proof   []string `json:"proof"`
	} `json:"consistency"`
}

type summary struct {
	Origin        string `json:"origin"`
	Size          int64  `json:"size"`
	Root          string `json:"root"`
	Entries       int64  `json:"entries"`
	Inclusion     int64  `json:"inclusionChecked"`
	Consistency   *int64 `json:"consistentWith,omitempty"`
	TSInclusion   int    `json:"tsInclusionChecked"`
	TSConsistency bool   `json:"tsConsistencyChecked"`
}

// indexPath encodes a tile index as C2SP tlog-tiles does: x001/x234/067.
func indexPath(n int64) string {
	s := fmt.Sprintf("%03d", n%1000)
	for n >= 1000 {
		n /= 1000
		s = fmt.Sprintf("x%03d/%s", n%1000, s)
	}
	return s
}

func tilePath(level string, n int64, w int) string {
	p := "tile/" + level + "/" + indexPath(n)
	if w < 256 {
		p += ".p/" + strconv.Itoa(w)
	}
	return p
}

// dirTiles reads tiles from the log's folder, each file once.
type dirTiles struct {
	dir   string
	cache map[string][]byte
}

func (d dirTiles) Height() int { return 8 }

func (d dirTiles) ReadTiles(tiles []tlog.Tile) ([][]byte, error) {
	out := make([][]byte, len(tiles))
	for i, t := range tiles {
		p := tilePath(strconv.Itoa(t.L), t.N, t.W)
		data, ok := d.cache[p]
		if !ok {
			var err error
			if data, err = os.ReadFile(filepath.Join(d.dir, p)); err != nil {
				return nil, err
			}
			d.cache[p] = data
		}
		out[i] = data
	}
	return out, nil
}

func (d dirTiles) SaveTiles([]tlog.Tile, [][]byte) {}

// openCheckpoint verifies a checkpoint note and parses origin, size and root.
func openCheckpoint(file string, verifier note.Verifier) (string, tlog.Tree, error) {
	msg, err := os.ReadFile(file)
	if err != nil {
		return "", tlog.Tree{}, err
	}
	n, err := note.Open(msg, note.VerifierList(verifier))
	if err != nil {
		return "", tlog.Tree{}, fmt.Errorf("%s: %w", file, err)
	}
	lines := strings.Split(n.Text, "\n")
	if len(lines) < 4 || lines[0] != verifier.Name() {
		return "", tlog.Tree{}, fmt.Errorf("%s: not a checkpoint of %s", file, verifier.Name())
	}
	size, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil || size < 0 {
		return "", tlog.Tree{}, fmt.Errorf("%s: bad tree size", file)
	}
	root, err := tlog.ParseHash(lines[2])
	if err != nil {
		return "", tlog.Tree{}, fmt.Errorf("%s: %w", file, err)
	}
	return lines[0], tlog.Tree{N: size, Hash: root}, nil
}

func readEntries(dir string, size int64) ([][]byte, error) {
	var entries [][]byte
	for n := int64(0); n*256 < size; n++ {
		w := int(size - n*256)
		if w > 256 {
			w = 256
		}
		data, err := os.ReadFile(filepath.Join(dir, tilePath("entries", n, w)))
		if err != nil {
			return nil, err
		}
		for len(data) > 0 {
			if len(data) < 2 {
				return nil, errors.New("truncated entry bundle")
			}
			l := int(binary.BigEndian.Uint16(data))
			if len(data) < 2+l {
				return nil, errors.New("truncated entry")
			}
			entries = append(entries, data[2:2+l])
			data = data[2+l:]
		}
	}
	if int64(len(entries)) != size {
		return nil, fmt.Errorf("the bundles hold %d entries, the checkpoint %d", len(entries), size)
	}
	return entries, nil
}

func hashes(list []string) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(list))
	for i, s := range list {
		h, err := tlog.ParseHash(s)
		if err != nil {
			return nil, err
		}
		out[i] = h
	}
	return out, nil
}

func run() error {
	dir := flag.String("dir", "", "the log's folder (holding checkpoint and tile/)")
	vkey := flag.String("vkey", "", "the log's verifier key")
	old := flag.String("old", "", "an earlier checkpoint the log must extend")
	proofsFile := flag.String("proofs", "", "proofs made by the TypeScript code, to check")
	every := flag.Int("every", 1, "prove the inclusion of every k-th entry (and the last) instead of all, for large logs")
	flag.Parse()
	verifier, err := note.NewVerifier(*vkey)
	if err != nil {
		return err
	}
	origin, tree, err := openCheckpoint(filepath.Join(*dir, "checkpoint"), verifier)
	if err != nil {
		return err
	}
	reader := tlog.TileHashReader(tree, dirTiles{*dir, map[string][]byte{}})
	root, err := tlog.TreeHash(tree.N, reader)
	if err != nil {
		return fmt.Errorf("tree hash from the tiles: %w", err)
	}
	if root != tree.Hash {
		return fmt.Errorf("the tiles hash to %v, the checkpoint says %v", root, tree.Hash)
	}
	entries, err := readEntries(*dir, tree.N)
	if err != nil {
		return err
	}
	out := summary{Origin: origin, Size: tree.N, Root: tree.Hash.String(), Entries: int64(len(entries))}
	for i, entry := range entries {
		if i%*every != 0 && i != len(entries)-1 {
			continue
		}
		proof, err := tlog.ProveRecord(tree.N, int64(i), reader)
		if err != nil {
			return fmt.Errorf("entry %d: %w", i, err)
		}
		if err := tlog.CheckRecord(proof, tree.N, tree.Hash, int64(i), tlog.RecordHash(entry)); err != nil {
			return fmt.Errorf("entry %d is not in the tree: %w", i, err)
		}
		out.Inclusion++
	}
	if *old != "" {
		_, oldTree, err := openCheckpoint(*old, verifier)
		if err != nil {
			return err
		}
		if oldTree.N > tree.N {
			return fmt.Errorf("the log shrank from %d to %d entries", oldTree.N, tree.N)
		}
		if oldTree.N > 0 {
			proof, err := tlog.ProveTree(tree.N, oldTree.N, reader)
			if err != nil {
				return err
			}
			if err := tlog.CheckTree(proof, tree.N, tree.Hash, oldTree.N, oldTree.Hash); err != nil {
				return fmt.Errorf("the log does not extend the checkpoint of %d entries: %w", oldTree.N, err)
			}
		}
		out.Consistency = &oldTree.N
	}
	if *proofsFile != "" {
		data, err := os.ReadFile(*proofsFile)
		if err != nil {
			return err
		}
		var p tsProofs
		if err := json.Unmarshal(data, &p); err != nil {
			return err
		}
		for _, inc := range p.Inclusion {
			proof, err := hashes(inc.Proof)
			if err != nil {
				return err
			}
			if inc.Index < 0 || inc.Index >= int64(len(entries)) {
				return fmt.Errorf("TypeScript proof for entry %d: no such entry", inc.Index)
			}
			if err := tlog.CheckRecord(proof, tree.N, tree.Hash, inc.Index, tlog.RecordHash(entries[inc.Index])); err != nil {
				return fmt.Errorf("TypeScript inclusion proof of entry %d: %w", inc.Index, err)
			}
			own, _ := tlog.ProveRecord(tree.N, inc.Index, reader)
			if fmt.Sprint(own) != fmt.Sprint(tlog.RecordProof(proof)) {
				return fmt.Errorf("TypeScript inclusion proof of entry %d differs from Go's", inc.Index)
			}
			out.TSInclusion++
		}
		if c := p.Consistency; c != nil {
			proof, err := hashes(c.Proof)
			if err != nil {
				return err
			}
			own, err := tlog.ProveTree(tree.N, c.OldSize, reader)
			if err != nil {
				return err
			}
			if fmt.Sprint(own) != fmt.Sprint(tlog.TreeProof(proof)) {
				return fmt.Errorf("TypeScript consistency proof from %d differs from Go's", c.OldSize)
			}
			out.TSConsistency = true
		}
	}
	return json.NewEncoder(os.Stdout).Encode(out)
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "tlog-oracle:", err)
		os.Exit(1)
	}
}
