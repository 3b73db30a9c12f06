package customers

import (
	"errors"
	"fmt"
	"github.com/kehu-crm/kehu/app/enum"
	"strings"

	"github.com/kehu-crm/kehu/data/model"
)

// AmbiguousError lists the customers a reference could mean.
type AmbiguousError struct {
	Ref        string
	Candidates []*Row
}

func (e *AmbiguousError) Error() string {
	names := make([]string, len(e.Candidates))
	for i, c := range e.Candidates {
		names[i] = model.Shorten(c.Name) + " (" + c.ID + ")"
	}
	return fmt.Sprintf("%q matches %d customers: %s; give the id", model.Shorten(e.Ref), len(e.Candidates), strings.Join(names, ", "))
}

// Add validates and stores a new customer. It returns the findings;
// with an error among them nothing is stored and err wraps model.ErrInvalid.
func (s *Service) Add(c *model.Customer) (Problems, error) {
	c.ID = ""
	return s.save(c)
}

// Update validates and stores changes to an existing customer.
func (s *Service) Update(c *model.Customer) (Problems, error) {
	store, done := s.c.Use()
	defer done()
	if c.ID == "" {
		return nil, fmt.Errorf("update customer: no id")
	}
	if _, err := store.Customer(c.ID); err != nil {
		return nil, err
	}
	return s.save(c)
}

func (s *Service) save(c *model.Customer) (Problems, error) {
	store, done := s.c.Use()
	defer done()
	ps := Validate(c)
	if c.ReferredBy != "" {
		if _, err := store.Customer(c.ReferredBy); errors.Is(err, model.ErrNotFound) {
			ps = append(ps, Problem{Field: "referred_by", Msg: "No customer has this id."})
		}
	}
	if e := ps.Errors(); len(e) > 0 {
		return ps, fmt.Errorf("%w: %v", model.ErrInvalid, e)
	}
	c.Name = strings.TrimSpace(c.Name)
	if err := store.PutCustomer(c); err != nil {
		return ps, err
	}
	s.mu.Lock()
	if s.list != nil {
		s.list.put(c)
	}
	s.mu.Unlock()
	return ps, nil
}

// Get returns a customer by id.
func (s *Service) Get(id string) (*model.Customer, error) {
	st, done := s.c.Use()
	defer done()
	return st.Customer(id)
}

// Resolve finds the customer a reference means: an id, or a name matched after
// normalisation. No match is ErrNotFound; several are an *AmbiguousError.
func (s *Service) Resolve(ref string) (*model.Customer, error) {
	store, done := s.c.Use()
	defer done()
	ref = strings.TrimSpace(ref)
	if c, err := store.Customer(ref); err == nil {
		return c, nil
	}
	ids, err := store.CustomersByName(ref)
	if err != nil {
		return nil, err
	}
	switch len(ids) {
	case 0:
		return nil, fmt.Errorf("customer %q: %w", ref, model.ErrNotFound)
	case 1:
		return store.Customer(ids[0])
	}
	amb := &AmbiguousError{Ref: ref}
	for _, id := range ids {
		if c, err := store.Customer(id); err == nil {
			amb.Candidates = append(amb.Candidates, newRow(c))
		}
	}
	return nil, amb
}

// Delete removes a customer with its history; UndoDelete brings the
// most recent deletion back.
func (s *Service) Delete(id string) (*model.Customer, error) {
	store, done := s.c.Use()
	defer done()
	d, err := store.DeleteCustomer(id)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	s.trash = append(s.trash, d)
	if len(s.trash) > 50 {
		s.trash = s.trash[1:]
	}
	if s.list != nil {
		s.list.remove(id)
	}
	s.mu.Unlock()
	return d.Customer, nil
}

// UndoDelete restores the most recently deleted customer, with the same id,
// contacts and history.
func (s *Service) UndoDelete() (*model.Customer, error) {
	store, done := s.c.Use()
	defer done()
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.trash) == 0 {
		return nil, ErrNothingToUndo
	}
	d := s.trash[len(s.trash)-1]
	if err := store.RestoreCustomer(d); err != nil {
		return nil, err
	}
	s.trash = s.trash[:len(s.trash)-1]
	if s.list != nil {
		s.list.put(d.Customer)
	}
	return d.Customer, nil
}

// CanUndo reports whether UndoDelete has something to restore.
func (s *Service) CanUndo() bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.trash) > 0
}

// Interactions returns a customer's history, newest first.
func (s *Service) Interactions(customerID string) ([]*model.Interaction, error) {
	store, done := s.c.Use()
	defer done()
	return store.Interactions(customerID)
}

// AddInteraction records a visit, call, email … with an optional follow-up date.
func (s *Service) AddInteraction(in *model.Interaction) error {
	store, done := s.c.Use()
	defer done()
	if in.Kind == "" {
		in.Kind = "call"
	}
	code, ok := enum.ParseCode("kind", model.InteractionKinds, in.Kind)
	if !ok {
		return fmt.Errorf("interaction kind %q: %w (one of %s)", in.Kind, model.ErrBadValue, strings.Join(model.InteractionKinds, ", "))
	}
	in.Kind = code
	if err := model.CheckRecord(in); err != nil {
		return err
	}
	if err := store.PutInteraction(in); err != nil {
		return err
	}
	c, err := store.Customer(in.CustomerID)
	if err == nil {
		s.mu.Lock()
		if s.list != nil {
			s.list.put(c)
		}
		s.mu.Unlock()
	}
	return err
}

// Count is the number of customers in the store.
func (s *Service) Count() (int, error) {
	st, done := s.c.Use()
	defer done()
	return st.CountCustomers()
}
