// Command ttcsplit extracts one face of a TrueType Collection (.ttc) into a
// standalone .ttf file. Tables are copied verbatim; only the offsets in the
// table directory are rewritten and each table is padded to 4 bytes.
//
// Usage: go run ./tools/ttcsplit -in font.ttc -face 0 -out font.ttf
package main

import (
	"encoding/binary"
	"flag"
	"fmt"
	"log"
	"os"
	"sort"
)

type table struct {
	tag                      [4]byte
	checksum, offset, length uint32
}

func main() {
	in := flag.String("in", "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", "input .ttc")
	face := flag.Int("face", 0, "index of the face to extract")
	out := flag.String("out", "assets/fonts/wqy-microhei.ttf", "output .ttf")
	flag.Parse()

	src, err := os.ReadFile(*in)
	if err != nil {
		log.Fatal(err)
	}
	dst, err := extract(src, *face)
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(*out, dst, 0o644); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("wrote %s (%d bytes)\n", *out, len(dst))
}

func extract(src []byte, face int) ([]byte, error) {
	be := binary.BigEndian
	if len(src) < 12 || string(src[:4]) != "ttcf" {
		return nil, fmt.Errorf("not a TTC file")
	}
	n := int(be.Uint32(src[8:]))
	if face < 0 || face >= n || len(src) < 12+4*n {
		return nil, fmt.Errorf("face %d out of range (%d faces)", face, n)
	}
	off := int(be.Uint32(src[12+4*face:]))
	if off+12 > len(src) {
		return nil, fmt.Errorf("bad offset table")
	}
	numTables := int(be.Uint16(src[off+4:]))
	if off+12+16*numTables > len(src) {
		return nil, fmt.Errorf("bad table directory")
	}
	tables := make([]table, numTables)
	for i := range tables {
		r := src[off+12+16*i:]
		copy(tables[i].tag[:], r[:4])
		tables[i].checksum = be.Uint32(r[4:])
		tables[i].offset = be.Uint32(r[8:])
		tables[i].length = be.Uint32(r[12:])
		if int(tables[i].offset)+int(tables[i].length) > len(src) {
			return nil, fmt.Errorf("table %s out of bounds", tables[i].tag)
		}
	}
	// The directory must be sorted by tag.
	sort.Slice(tables, func(i, j int) bool { return string(tables[i].tag[:]) < string(tables[j].tag[:]) })

	hdrLen := 12 + 16*numTables
	dst := make([]byte, hdrLen)
	copy(dst, src[off:off+12]) // sfntVersion, numTables, searchRange, entrySelector, rangeShift
	for i, t := range tables {
		for len(dst)%4 != 0 {
			dst = append(dst, 0)
		}
		newOff := uint32(len(dst))
		dst = append(dst, src[t.offset:t.offset+t.length]...)
		r := dst[12+16*i:]
		copy(r[:4], t.tag[:])
		be.PutUint32(r[4:], t.checksum)
		be.PutUint32(r[8:], newOff)
		be.PutUint32(r[12:], t.length)
	}
	for len(dst)%4 != 0 {
		dst = append(dst, 0)
	}
	return dst, nil
}
