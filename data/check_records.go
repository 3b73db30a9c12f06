package data

import (
	"errors"
	"fmt"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/dgraph-io/badger/v4"
)

// maxRecordProblems bounds the lines recordProblems gives: a store damaged
// throughout would otherwise print one line per record.
const maxRecordProblems = 100

// recordProblems checks every stored customer, interaction, complaint and
// sale (loose or packed) with CheckRecord, the validation every way in
// applies, and returns one line per record that fails it. Such a record
// came in before that validation, or through a restored backup made by
// hand: it is reported, not removed, so that nothing is lost and the user
// can correct it.
func recordProblems(txn *badger.Txn) ([]string, error) {
	var out []string
	more := 0
	note := func(err error) {
		if len(out) < maxRecordProblems {
			out = append(out, "record Kehu would refuse: "+err.Error())
		} else {
			more++
		}
	}
	for _, k := range []struct {
		prefix byte
		kind   string
	}{{pCustomer, model.KindCustomer}, {pInteraction, model.KindInteraction}, {pComplaint, model.KindComplaint}, {pSale, model.KindSale}} {
		it := txn.NewIterator(badger.IteratorOptions{PrefetchValues: true, Prefix: []byte{k.prefix}})
		for it.Rewind(); it.Valid(); it.Next() {
			err := it.Item().Value(func(b []byte) error { return model.CheckJSON(k.kind, b) })
			if err != nil && !errors.Is(err, model.ErrInvalidRecord) {
				it.Close()
				return out, fmt.Errorf("%s %s: %w", k.kind, model.Shorten(string(it.Item().Key()[1:])), err)
			}
			if err != nil {
				note(err)
			}
		}
		it.Close()
	}
	it := txn.NewIterator(badger.IteratorOptions{PrefetchValues: true, Prefix: []byte{pSalePack}})
	defer it.Close()
	for it.Rewind(); it.Valid(); it.Next() {
		p, err := itemPack(it.Item())
		if err != nil {
			return out, err
		}
		for i := range p.sales {
			if err := model.CheckSale(&p.sales[i]); err != nil {
				note(err)
			}
		}
	}
	if more > 0 {
		out = append(out, fmt.Sprintf("record Kehu would refuse: %d more", more))
	}
	return out, nil
}
