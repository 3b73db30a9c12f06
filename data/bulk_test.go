package data

import (
	"encoding/json"
	"testing"
	"time"
)

func TestMarshalCustomerAsJSON(t *testing.T) {
	at := time.Date(2024, 3, 5, 6, 7, 8, 9000, time.UTC)
	for _, c := range []*Customer{
		{ID: "01", Name: "杨氏眼镜店", Created: at, Updated: at},
		{ID: "02", Name: `A "quoted" <b> & c`, ShortName: "杨氏", Type: "chain", Industry: "眼镜", Province: "浙江",
			City: "杭州", Address: "人民路1号\n2楼", Phone: "+86 138", Email: "a@b.cn", Website: "x.cn", TaxID: "91",
			Owner: "王", Tier: "A", Stage: "stable", Loyalty: "repeat", Source: "b2b", ReferredBy: "01",
			Tags: []string{"甲", "b\tc"}, Notes: "备注, 1\u2028", Revenue: -1200, Currency: "CNY",
			Contacts: []Contact{{Name: "王五", Title: "经理", Role: "user", Phone: "1", Email: "e", WeChat: "w"}, {Name: "李"}},
			Created:  at, Updated: at.Add(time.Second)},
		{ID: "03", Name: "bad \xff utf8", Created: at.In(time.FixedZone("CST", 8*3600)), Updated: at},
		{ID: "04", Name: "零时", Tags: []string{}, Contacts: []Contact{}},
	} {
		want, _ := json.Marshal(c)
		got, err := marshalCustomer(c)
		if err != nil || string(got) != string(want) {
			t.Errorf("marshalCustomer(%s) =\n%s, %v; want\n%s", c.ID, got, err, want)
		}
	}
}

func TestCustomerListRoundTrip(t *testing.T) {
	at := time.Now().UTC()
	ids := []string{NewID(), NewID(), NewID()}
	m, err := decodeMember([]byte("key"), encodeCustomerList(at, ids))
	if err != nil || !m.New || !m.Updated.Equal(at) || len(m.CustomerIDs) != 3 || m.CustomerIDs[2] != ids[2] {
		t.Fatalf("decodeMember = %+v, %v", m, err)
	}
	if _, err := decodeMember([]byte("key"), []byte{customerListMark, 0x80}); err == nil {
		t.Error("a cut-off list decodes")
	}
}
