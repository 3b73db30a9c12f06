package data

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/dgraph-io/badger/v4"
)

// Packed sales (docs/design/sales-segments.md). A big import stores its
// sales many to one value rather than three keys each (record, register,
// index): up to 64 to a pack when it streams them (packRows: a streamed value
// stays under Badger's value threshold), up to packSize (1000) when
// WritePackedSales writes them in a transaction. A million streamed sales
// are then about 16,000 values, not three million keys. A packed sale reads like any other: getSale, rawValue and
// eachStoredSale find it, its register is the pack's stamp, and an edit or
// a delete marks the packed copy gone (G|id) in the same transaction as the
// record it writes instead, so every writer goes on writing records.
//
// The pack's value: version, batch, device, the HLC of its first sale
// (sale i has HLC hlc0+i, as the import's compact log entries give them),
// Created (also Updated), a table of the strings its sales use, then per
// sale the id (empty for the id after the sale before's: id_run.go) and, as
// varints, its fields.

const packVersion = 1

// salePack is a decoded pack; its sales are in id order.
type salePack struct {
	batch, dev string
	hlc0       uint64
	created    time.Time
	sales      []model.Sale
}

// stamp is the register stamp of the pack's sale i.
func (p *salePack) stamp(i int) string {
	return string(appendStamp(nil, p.hlc0+uint64(i), p.dev))
}

// find is the index of the sale with id, or -1.
func (p *salePack) find(id string) int {
	i, ok := slices.BinarySearchFunc(p.sales, id, func(s model.Sale, id string) int { return strings.Compare(s.ID, id) })
	if !ok {
		return -1
	}
	return i
}

var errPack = errors.New("bad sale pack")

// encodePack writes p. Its sales must be in id order, with Batch, Created
// and Updated those of the pack.
func encodePack(p *salePack) ([]byte, error) {
	strs := map[string]uint64{}
	var table []string
	ref := func(s string) uint64 {
		if r, ok := strs[s]; ok {
			return r
		}
		strs[s] = uint64(len(table))
		table = append(table, s)
		return strs[s]
	}
	body := make([]byte, 0, 48*len(p.sales))
	for i := range p.sales {
		s := &p.sales[i]
		if i > 0 && s.ID <= p.sales[i-1].ID {
			return nil, fmt.Errorf("sale pack: %s after %s: %w", s.ID, p.sales[i-1].ID, errPack)
		}
		refs := [packStrings]uint64{ref(s.Date), ref(s.CustomerID), ref(s.Product), ref(s.Currency), ref(s.Note), ref(s.Tier), ref(s.Region)}
		body = appendPackSale(body, s.ID, i > 0 && follows(p.sales[i-1].ID, s.ID), &refs, s.Quantity, s.Amount)
	}
	b := appendPackHead(make([]byte, 0, 64+len(body)+16*len(table)), p.batch, p.dev, p.hlc0, p.created)
	b = binary.AppendUvarint(b, uint64(len(table)))
	for _, s := range table {
		b = appendPackString(b, s)
	}
	b = binary.AppendUvarint(b, uint64(len(p.sales)))
	return append(b, body...), nil
}

// packStrings is the number of a packed sale's strings, each an index into
// the pack's table: date, customer id, product, currency, note, tier, region.
const packStrings = 7

// appendPackSale appends one sale of a pack's body: its id (0 when it is the
// id after the one before, id_run.go), the table indexes of its strings in
// packStrings' order, its quantity and amount. Both pack encoders (encodePack
// from sales, packEncoder from an import's rows) write a sale only through
// it, and decodePack reads it back.
func appendPackSale[T string | []byte](b []byte, id T, follows bool, refs *[packStrings]uint64, quantity, amount int64) []byte {
	if follows {
		b = append(b, 0)
	} else {
		b = binary.AppendUvarint(b, uint64(len(id)))
		b = append(b, id...)
	}
	for _, r := range refs {
		b = binary.AppendUvarint(b, r)
	}
	b = binary.AppendVarint(b, quantity)
	return binary.AppendVarint(b, amount)
}

// appendPackHead appends what precedes a pack's table: version, batch,
// device, the first sale's HLC and the time the sales were created.
func appendPackHead(b []byte, batch, dev string, hlc0 uint64, created time.Time) []byte {
	b = append(b, packVersion)
	b = appendPackString(b, batch)
	b = appendPackString(b, dev)
	b = binary.AppendUvarint(b, hlc0)
	return binary.AppendVarint(b, created.UnixNano())
}

func appendPackString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// packReader reads a pack's value.
type packReader struct {
	b   []byte
	err error
}

func (r *packReader) uvarint() uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.err, r.b = errPack, nil
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *packReader) varint() int64 {
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.err, r.b = errPack, nil
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *packReader) str() string {
	n := r.uvarint()
	if n > uint64(len(r.b)) {
		r.err, r.b = errPack, nil
		return ""
	}
	s := string(r.b[:n])
	r.b = r.b[n:]
	return s
}

// packLen is the number of sales in a pack, read without decoding them.
func packLen(v []byte) (int, error) {
	r, err := packHead(v)
	if err != nil {
		return 0, err
	}
	for n := r.uvarint(); n > 0 && r.err == nil; n-- {
		r.str()
	}
	n := r.uvarint()
	return int(n), r.err
}

// packHead checks the version and skips batch, device, HLC and time.
func packHead(v []byte) (*packReader, error) {
	if len(v) == 0 || v[0] != packVersion {
		return nil, errPack
	}
	r := &packReader{b: v[1:]}
	r.str()
	r.str()
	r.uvarint()
	r.varint()
	return r, r.err
}

// decodePack reads a pack; its sales share the strings of its table.
func decodePack(v []byte) (*salePack, error) {
	if len(v) == 0 || v[0] != packVersion {
		return nil, errPack
	}
	r := &packReader{b: v[1:]}
	p := &salePack{batch: r.str(), dev: r.str(), hlc0: r.uvarint()}
	p.created = time.Unix(0, r.varint()).UTC()
	table := make([]string, r.uvarint()%(1<<24))
	for i := range table {
		table[i] = r.str()
	}
	n := r.uvarint()
	if r.err != nil || n > uint64(len(r.b)) {
		return nil, errPack
	}
	p.sales = make([]model.Sale, n)
	str := func() string {
		i := r.uvarint()
		if i >= uint64(len(table)) {
			r.err = errPack
			return ""
		}
		return table[i]
	}
	for i := range p.sales {
		s := &p.sales[i]
		if s.ID = r.str(); s.ID == "" {
			if i == 0 {
				return nil, errPack
			}
			next := []byte(p.sales[i-1].ID)
			if !nextID(next) {
				return nil, errPack
			}
			s.ID = string(next)
		}
		s.Date, s.CustomerID, s.Product, s.Currency, s.Note, s.Tier, s.Region = str(), str(), str(), str(), str(), str(), str()
		s.Quantity, s.Amount = r.varint(), r.varint()
		s.Batch, s.Created, s.Updated = p.batch, p.created, p.created
		if r.err != nil {
			return nil, r.err
		}
	}
	if len(r.b) != 0 {
		return nil, errPack
	}
	return p, nil
}

// packOf reads the pack that would hold sale id (the last pack starting at
// or before it) and the sale's index in it; nil and -1 when none does.
func packOf(txn *badger.Txn, id string) (*salePack, int, error) {
	it := txn.NewIterator(badger.IteratorOptions{Reverse: true, Prefix: []byte{pSalePack}})
	defer it.Close()
	it.Seek(packKey(id))
	if !it.Valid() {
		return nil, -1, nil
	}
	p, err := itemPack(it.Item())
	if err != nil {
		return nil, -1, err
	}
	i := p.find(id)
	if i < 0 {
		return nil, -1, nil
	}
	return p, i, nil
}

// itemPack decodes the pack an item of S|first holds.
func itemPack(item *badger.Item) (*salePack, error) {
	var p *salePack
	err := item.Value(func(v []byte) error {
		var err error
		p, err = decodePack(v)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("sale pack %s: %w", item.Key()[1:], err)
	}
	return p, nil
}

// gone reports whether the packed copy of sale id is gone.
func gone(txn *badger.Txn, id string) (bool, error) {
	_, err := txn.Get(goneKey(id))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return false, nil
	}
	return err == nil, err
}

// packedSale is sale id from its pack, unless it is gone; nil when there is
// none.
func packedSale(txn *badger.Txn, id string) (*model.Sale, error) {
	if g, err := gone(txn, id); g || err != nil {
		return nil, err
	}
	p, i, err := packOf(txn, id)
	if p == nil || err != nil {
		return nil, err
	}
	return &p.sales[i], nil
}

// packedStamp is the register stamp of a packed sale, gone or not ("" when
// it was never packed): what its compact register would hold.
func packedStamp(txn *badger.Txn, id string) (string, error) {
	p, i, err := packOf(txn, id)
	if p == nil || err != nil {
		return "", err
	}
	return p.stamp(i), nil
}

// goneSet is every sale whose packed copy is gone.
func goneSet(txn *badger.Txn) map[string]bool {
	set := map[string]bool{}
	it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{pSaleGone}})
	defer it.Close()
	for it.Rewind(); it.Valid(); it.Next() {
		set[string(it.Item().Key()[1:])] = true
	}
	return set
}

// hasSales reports whether any sale is stored.
func hasSales(txn *badger.Txn) bool {
	for _, p := range []byte{pSale, pSalePack} {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{p}})
		it.Rewind()
		has := it.Valid()
		it.Close()
		if has {
			return true
		}
	}
	return false
}
