package data

import (
	"testing"
	"time"

	"github.com/kehu-crm/kehu/data/model"
)

func TestCustomerListRoundTrip(t *testing.T) {
	at := time.Now().UTC()
	ids := []string{model.NewID(), model.NewID(), model.NewID()}
	m, err := decodeMember([]byte("key"), encodeCustomerList(at, ids))
	if err != nil || !m.New || !m.Updated.Equal(at) || len(m.CustomerIDs) != 3 || m.CustomerIDs[2] != ids[2] {
		t.Fatalf("decodeMember = %+v, %v", m, err)
	}
	if _, err := decodeMember([]byte("key"), []byte{customerListMark, 0x80}); err == nil {
		t.Error("a cut-off list decodes")
	}
}
