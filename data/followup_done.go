package data

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/dgraph-io/badger/v4"
)

// SetFollowUpDone ticks an interaction's follow-up done on day (YYYY-MM-DD),
// or open again with day "" (undo), in one transaction with its index entry
// and the customer's updated time. It returns the interaction as stored.
func (s *Store) SetFollowUpDone(customerID, id, day string) (*model.Interaction, error) {
	if day != "" {
		if _, err := time.Parse(time.DateOnly, day); err != nil {
			return nil, fmt.Errorf("follow-up done on %q: %w", day, err)
		}
	}
	var in *model.Interaction
	err := s.update(func(txn *badger.Txn) error {
		c, err := getCustomer(txn, customerID)
		if err != nil {
			return err
		}
		if in, err = getInteraction(txn, customerID, id); err != nil {
			return err
		}
		if in.FollowUp == "" {
			return fmt.Errorf("interaction %s: %w", id, model.ErrNoFollowUp)
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

func getInteraction(txn *badger.Txn, customerID, id string) (*model.Interaction, error) {
	item, err := txn.Get(interactionKey(customerID, id))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil, fmt.Errorf("interaction %s: %w", id, model.ErrNotFound)
	}
	if err != nil {
		return nil, err
	}
	in := new(model.Interaction)
	if err := item.Value(func(b []byte) error { return json.Unmarshal(b, in) }); err != nil {
		return nil, fmt.Errorf("interaction %s: %w", id, err)
	}
	return in, nil
}

// InteractionByID finds an interaction from its id alone (the command line
// knows no customer): a key-only scan of the interactions, whose keys end
// with the id.
func (s *Store) InteractionByID(id string) (*model.Interaction, error) {
	var in *model.Interaction
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
		return fmt.Errorf("interaction %s: %w", id, model.ErrNotFound)
	})
	return in, err
}

// Interaction reads one interaction of a customer.
func (s *Store) Interaction(customerID, id string) (*model.Interaction, error) {
	var in *model.Interaction
	err := s.db.View(func(txn *badger.Txn) error {
		var err error
		in, err = getInteraction(txn, customerID, id)
		return err
	})
	return in, err
}
