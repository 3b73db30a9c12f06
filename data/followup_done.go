package data

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/dgraph-io/badger/v4"
)

// ErrNoFollowUp means marking done an interaction that has no follow-up date.
var ErrNoFollowUp = errors.New("this interaction has no follow-up")

// FollowUpOpen reports whether the interaction has a follow-up still to do:
// only open ones are in the follow-up index, so the overdue count read from
// the index keys alone stays exact.
func (in *Interaction) FollowUpOpen() bool { return in.FollowUp != "" && in.FollowUpDone == "" }

// SetFollowUpDone ticks an interaction's follow-up done on day (YYYY-MM-DD),
// or open again with day "" (undo), in one transaction with its index entry
// and the customer's updated time. It returns the interaction as stored.
func (s *Store) SetFollowUpDone(customerID, id, day string) (*Interaction, error) {
	if day != "" {
		if _, err := time.Parse(time.DateOnly, day); err != nil {
			return nil, fmt.Errorf("follow-up done on %q: %w", day, err)
		}
	}
	var in *Interaction
	err := s.update(func(txn *badger.Txn) error {
		c, err := getCustomer(txn, customerID)
		if err != nil {
			return err
		}
		if in, err = getInteraction(txn, customerID, id); err != nil {
			return err
		}
		if in.FollowUp == "" {
			return fmt.Errorf("interaction %s: %w", id, ErrNoFollowUp)
		}
		if in.FollowUpDone == day {
			return nil // already so: no write, nothing to sync
		}
		in.FollowUpDone = day
		if err := putInteraction(txn, in); err != nil {
			return err
		}
		c.Updated = time.Now().UTC()
		return putCustomer(txn, c)
	})
	if err != nil {
		return nil, err
	}
	return in, nil
}

func getInteraction(txn *badger.Txn, customerID, id string) (*Interaction, error) {
	item, err := txn.Get(interactionKey(customerID, id))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil, fmt.Errorf("interaction %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return nil, err
	}
	in := new(Interaction)
	if err := item.Value(func(b []byte) error { return json.Unmarshal(b, in) }); err != nil {
		return nil, fmt.Errorf("interaction %s: %w", id, err)
	}
	return in, nil
}

// InteractionByID finds an interaction from its id alone (the command line
// knows no customer): a key-only scan of the interactions, whose keys end
// with the id.
func (s *Store) InteractionByID(id string) (*Interaction, error) {
	var in *Interaction
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{pInteraction}})
		defer it.Close()
		tail := append([]byte{sep}, id...)
		for it.Rewind(); it.Valid(); it.Next() {
			k := it.Item().Key()
			if !bytes.HasSuffix(k, tail) {
				continue
			}
			var err error
			in, err = getInteraction(txn, string(k[1:len(k)-len(tail)]), id)
			return err
		}
		return fmt.Errorf("interaction %s: %w", id, ErrNotFound)
	})
	return in, err
}

// Interaction reads one interaction of a customer.
func (s *Store) Interaction(customerID, id string) (*Interaction, error) {
	var in *Interaction
	err := s.db.View(func(txn *badger.Txn) error {
		var err error
		in, err = getInteraction(txn, customerID, id)
		return err
	})
	return in, err
}
