package data

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"strconv"
	"time"
)

// An import writes its new customers' members as lists, like the sales of a
// sales import: one member for up to customerListLen new customers of one
// chunk, keyed by the first customer id of the list, whose value is
// customerListMark, the Updated the chunk gave them (unix nanos, varint) and
// the customer ids, each after its length (uvarint). A merged customer keeps
// its own JSON member, with the record it had before.
const customerListMark = 'n'

// customerListLen keeps a list member, like a sale list, under the store's
// value threshold.
const customerListLen = 128

func encodeCustomerList(updated time.Time, ids []string) []byte {
	b := make([]byte, 1, 1+binary.MaxVarintLen64+len(ids)*27)
	b[0] = customerListMark
	b = binary.AppendVarint(b, updated.UnixNano())
	for _, id := range ids {
		b = binary.AppendUvarint(b, uint64(len(id)))
		b = append(b, id...)
	}
	return b
}

func decodeCustomerList(v []byte) (time.Time, []string, error) {
	n, k := binary.Varint(v[1:])
	if k <= 0 {
		return time.Time{}, nil, errors.New("member: bad customer list")
	}
	ids, err := decodeSaleList(append([]byte{saleListMark}, v[1+k:]...))
	if err != nil {
		return time.Time{}, nil, errors.New("member: bad customer list")
	}
	return time.Unix(0, n).UTC(), ids, nil
}

// marshalCustomer is json.Marshal(c) without reflection for the usual
// record: an import writes a hundred thousand of them.
func marshalCustomer(c *Customer) ([]byte, error) {
	if !plainTime(c.Created) || !plainTime(c.Updated) {
		return json.Marshal(c)
	}
	return c.appendJSON(make([]byte, 0, 512)), nil
}

// appendJSON appends the customer as json.Marshal writes it; its times must
// be plainTime.
func (c *Customer) appendJSON(b []byte) []byte {
	b = append(b, `{"id":`...)
	b = appendJSONString(b, c.ID)
	b = append(b, `,"name":`...)
	b = appendJSONString(b, c.Name)
	for _, f := range [...]struct{ name, v string }{
		{`,"short_name":`, c.ShortName}, {`,"type":`, c.Type}, {`,"industry":`, c.Industry},
		{`,"province":`, c.Province}, {`,"city":`, c.City}, {`,"address":`, c.Address},
		{`,"phone":`, c.Phone}, {`,"email":`, c.Email}, {`,"website":`, c.Website},
		{`,"tax_id":`, c.TaxID}, {`,"owner":`, c.Owner}, {`,"tier":`, c.Tier},
		{`,"stage":`, c.Stage}, {`,"loyalty":`, c.Loyalty}, {`,"source":`, c.Source},
		{`,"referred_by":`, c.ReferredBy},
	} {
		if f.v != "" {
			b = append(b, f.name...)
			b = appendJSONString(b, f.v)
		}
	}
	if len(c.Tags) > 0 {
		b = append(b, `,"tags":[`...)
		for i, t := range c.Tags {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSONString(b, t)
		}
		b = append(b, ']')
	}
	if c.Notes != "" {
		b = append(b, `,"notes":`...)
		b = appendJSONString(b, c.Notes)
	}
	if c.Revenue != 0 {
		b = append(b, `,"revenue":`...)
		b = strconv.AppendInt(b, c.Revenue, 10)
	}
	if c.Currency != "" {
		b = append(b, `,"currency":`...)
		b = appendJSONString(b, c.Currency)
	}
	if len(c.Contacts) > 0 {
		b = append(b, `,"contacts":[`...)
		for i := range c.Contacts {
			if i > 0 {
				b = append(b, ',')
			}
			b = c.Contacts[i].appendJSON(b)
		}
		b = append(b, ']')
	}
	b = append(b, `,"created":`...)
	b = appendJSONTime(b, c.Created)
	b = append(b, `,"updated":`...)
	b = appendJSONTime(b, c.Updated)
	return append(b, '}')
}

func (ct *Contact) appendJSON(b []byte) []byte {
	b = append(b, `{"name":`...)
	b = appendJSONString(b, ct.Name)
	for _, f := range [...]struct{ name, v string }{
		{`,"title":`, ct.Title}, {`,"role":`, ct.Role}, {`,"phone":`, ct.Phone},
		{`,"email":`, ct.Email}, {`,"wechat":`, ct.WeChat},
	} {
		if f.v != "" {
			b = append(b, f.name...)
			b = appendJSONString(b, f.v)
		}
	}
	return append(b, '}')
}
