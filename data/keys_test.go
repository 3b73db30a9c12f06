package data

import (
	"bytes"
	"testing"
	"time"

	"github.com/kehu-crm/kehu/data/model"
)

// The key schema is the on-disk format: these tables pin every prefix,
// sub-key, name and builder of keys.go to its bytes. A test failing here
// means old folders would be read wrong; change the table only with a
// migration (schema.go).

// TestKeyPrefixesPinned: each prefix constant has its byte, and no two
// share one (one byte each, so none is a prefix of another).
func TestKeyPrefixesPinned(t *testing.T) {
	prefixes := []struct {
		name string
		got  byte
		want byte
	}{
		{"pMeta", pMeta, 'm'},
		{"pCustomer", pCustomer, 'c'},
		{"pInteraction", pInteraction, 'x'},
		{"pIdxName", pIdxName, 'n'},
		{"pIdxPhone", pIdxPhone, 'p'},
		{"pIdxTier", pIdxTier, 't'},
		{"pIdxOwner", pIdxOwner, 'o'},
		{"pIdxUpdated", pIdxUpdated, 'u'},
		{"pIdxFollowUp", pIdxFollowUp, 'f'},
		{"pIdxTaxID", pIdxTaxID, 'g'},
		{"pBatch", pBatch, 'b'},
		{"pMember", pMember, 'e'},
		{"pComplaint", pComplaint, 'k'},
		{"pIdxComplaintCustomer", pIdxComplaintCustomer, 'q'},
		{"pSale", pSale, 'a'},
		{"pSaleByCustomer", pSaleByCustomer, 'h'},
		{"pRollup", pRollup, 'r'},
		{"pRate", pRate, 'y'},
		{"pSetting", pSetting, 'z'},
		{"pAssessment", pAssessment, 'd'},
		{"pAction", pAction, 'i'},
		{"pGoal", pGoal, 'j'},
		{"pSurvey", pSurvey, 's'},
		{"pIdxDue", pIdxDue, 'v'},
		{"pChange", pChange, 'l'},
		{"pSync", pSync, 'V'},
		{"pConflict", pConflict, 'J'},
		{"pFlush", pFlush, 'F'},
		{"pCustMonth", pCustMonth, 'C'},
		{"pTierCustMonth", pTierCustMonth, 'T'},
		{"pSalePack", pSalePack, 'S'},
		{"pPackByCustomer", pPackByCustomer, 'H'},
		{"pSaleGone", pSaleGone, 'G'},
	}
	seen := map[byte]string{}
	for _, p := range prefixes {
		if p.got != p.want {
			t.Errorf("%s = %q, the schema says %q", p.name, p.got, p.want)
		}
		if other, dup := seen[p.got]; dup {
			t.Errorf("%s and %s share the prefix %q", p.name, other, p.got)
		}
		seen[p.got] = p.name
	}
	if sep != 0 {
		t.Errorf("sep = %d, want 0", sep)
	}
	// 'w' is reserved (complaint history, never written).
	if name, used := seen['w']; used {
		t.Errorf("%s uses the reserved prefix 'w'", name)
	}
}

// TestSyncSubKeysPinned: the sub-keys under V| have their bytes and are
// distinct, so one kind of sync state never reads another's.
func TestSyncSubKeysPinned(t *testing.T) {
	subs := []struct {
		name      string
		got, want byte
	}{
		{"sRegister", sRegister, 'r'},
		{"sApplied", sApplied, 'a'},
		{"sPending", sPending, 'p'},
		{"sExport", sExport, 'x'},
		{"sHLC", sHLC, 'h'},
		{"sLogAll", sLogAll, 'B'},
		{"sLogValues", sLogValues, 'T'},
		{"sSignKey", sSignKey, 'k'},
		{"sPinKey", sPinKey, 'K'},
	}
	seen := map[byte]string{}
	for _, s := range subs {
		if s.got != s.want {
			t.Errorf("%s = %q, the schema says %q", s.name, s.got, s.want)
		}
		if other, dup := seen[s.got]; dup {
			t.Errorf("%s and %s share the sub-key %q", s.name, other, s.got)
		}
		seen[s.got] = s.name
	}
}

// TestFixedKeysPinned: the single keys (m|name, V|mark) have their bytes,
// and none is a prefix of another, so a prefix scan or a set of one never
// touches another. The only intended prefix is registerPrefix, of every
// register key.
func TestFixedKeysPinned(t *testing.T) {
	fixed := []struct {
		name string
		got  []byte
		want string
	}{
		{"metaSchema", metaSchema, "mschema"},
		{"metaDevice", metaDevice, "mdevice"},
		{"metaHome", metaHome, "mhome"},
		{"metaAttachKey", metaAttachKey, "mattachkey"},
		{"registerPrefix", registerPrefix, "Vr"},
		{"exportMark", exportMark, "Vx"},
		{"syncHLC", syncHLC, "Vh"},
		{"logAllMark", logAllMark, "VB"},
		{"logValuesMark", logValuesMark, "VT"},
		{"flushKey", flushKey, "F"},
	}
	for i, f := range fixed {
		if string(f.got) != f.want {
			t.Errorf("%s = %q, the schema says %q", f.name, f.got, f.want)
		}
		for j, g := range fixed {
			if i != j && bytes.HasPrefix(g.got, f.got) {
				t.Errorf("%s (%q) is a prefix of %s (%q)", f.name, f.got, g.name, g.got)
			}
		}
	}
	settings := map[string]string{
		SettingBaseCurrency:  "base_currency",
		SettingCompanyName:   "company_name",
		settingRollupsStale:  "rollups_stale",
		settingRollupsLayout: "rollups_layout",
	}
	for got, want := range settings {
		if got != want {
			t.Errorf("setting name %q, the schema says %q", got, want)
		}
	}
	if string(rollupPrefixes) != "rCT" {
		t.Errorf("rollupPrefixes = %q, want %q", rollupPrefixes, "rCT")
	}
}

// TestKeyBuildersPinned: each key builder gives the schema's bytes.
func TestKeyBuildersPinned(t *testing.T) {
	at := time.Unix(0, 0x0102030405060708)
	builders := []struct {
		name string
		got  []byte
		want string
	}{
		{"customerKey", customerKey("C1"), "cC1"},
		{"indexKey", indexKey(pIdxName, "abc", "C1"), "nabc\x00C1"},
		{"indexPrefix", indexPrefix(pIdxPhone, "138"), "p138\x00"},
		{"updatedKey", updatedKey(at, "C1"), "u\x01\x02\x03\x04\x05\x06\x07\x08C1"},
		{"interactionPrefix", interactionPrefix("C1"), "xC1\x00"},
		{"interactionKey", interactionKey("C1", "I1"), "xC1\x00I1"},
		{"followUpKey", followUpKey("2024-03-05", "C1", "I1"), "f2024-03-05\x00C1\x00I1"},
		{"batchKey", batchKey("B1"), "bB1"},
		{"memberKey", memberKey("B1", "C1"), "eB1\x00C1"},
		{"settingKey", settingKey(SettingBaseCurrency), "zbase_currency"},
		{"rateKey", rateKey("USD", "2024-03-05"), "yUSD\x002024-03-05"},
		{"complaintKey", complaintKey("K1"), "kK1"},
		{"ownedKey", ownedKey(pGoal, "C1", "G1"), "jC1\x00G1"},
		{"dueKey", dueKey(&model.Action{ID: "A1", CustomerID: "C1", Status: "open", Due: "2024-03-05"}), "v2024-03-05\x00C1\x00A1"},
		{"dueKey done", dueKey(&model.Action{ID: "A1", CustomerID: "C1", Status: "done", Due: "2024-03-05"}), ""},
		{"saleKey", saleKey("S1"), "aS1"},
		{"saleByCustomerKey", saleByCustomerKey(&model.Sale{ID: "S1", CustomerID: "C1", Date: "2024-03-05"}), "hC1\x002024-03-05\x00S1"},
		{"packKey", packKey("S1"), "SS1"},
		{"packByCustomerKey", packByCustomerKey("C1", "S1"), "HC1\x00S1"},
		{"goneKey", goneKey("S1"), "GS1"},
		{"rollupKey", rollupKey("2024-03", model.DimProduct, "P"), "r2024-03\x00product\x00P"},
		{"rollupDimPrefix", rollupDimPrefix("2024-03", model.DimTier), "r2024-03\x00tier\x00"},
		{"appendRollupPrefix", appendRollupPrefix(nil, "2024-03", model.DimTier), "r2024-03\x00tier\x00"},
		{"historyKey", historyKey("C1"), "CC1"},
		{"tierHistoryKey", tierHistoryKey("A", "R", "C1"), "TA\x00R\x00C1"},
		{"tierCustMonthKey", tierCustMonthKey("A", "R", "C1", "2024-03"), "TA\x00R\x00C1\x002024-03"},
		{"custMonthKey", custMonthKey("C1", "2024-03"), "CC1\x002024-03"},
		{"changeKey", changeKey(0x0102030405060708), "l\x01\x02\x03\x04\x05\x06\x07\x08"},
		{"registerKey", registerKey(model.KindCustomer, "C1"), "Vrcustomer\x00C1"},
		{"conflictKey", conflictKey(model.KindSale, "S1", "amount", "L"), "Jsale\x00S1\x00amount\x00L"},
		{"appliedKey", appliedKey("D1", "f.jsonl"), "VaD1\x00f.jsonl"},
		{"pendingKey", pendingKey("C1", model.KindSale, "S1"), "VpC1\x00sale\x00S1"},
		{"signKeyKey", signKeyKey("D1"), "VkD1"},
		{"pinKey", pinKey("D1"), "VKD1"},
	}
	for _, b := range builders {
		if string(b.got) != b.want {
			t.Errorf("%s = %q, the schema says %q", b.name, b.got, b.want)
		}
	}
	if id := lastPart([]byte("nabc\x00C1")); id != "C1" {
		t.Errorf("lastPart = %q, want C1", id)
	}
	for kind, want := range map[string]byte{model.KindCustomer: 'c', model.KindInteraction: 'x', model.KindSale: 'a', model.KindComplaint: 'k'} {
		if got := kindPrefix(kind); got != want {
			t.Errorf("kindPrefix(%s) = %q, want %q", kind, got, want)
		}
	}
	if k, err := recordKey(model.KindSale, "S1"); err != nil || string(k) != "aS1" {
		t.Errorf("recordKey(sale) = %q, %v", k, err)
	}
	if _, err := recordKey(model.KindComplaint, "K1"); err == nil {
		t.Errorf("recordKey(complaint): no error")
	}
	k := registerKey(model.KindSale, "S1")
	if kind, id, ok := splitRegisterKey(k[len(registerPrefix):]); !ok || kind != model.KindSale || id != "S1" {
		t.Errorf("splitRegisterKey(%q) = %q %q %v", k, kind, id, ok)
	}
	if m, dim, v, ok := parseRollupKey(rollupKey("2024-03", model.DimProduct, "P")); !ok || m != "2024-03" || dim != model.DimProduct || v != "P" {
		t.Errorf("parseRollupKey = %q %q %q %v", m, dim, v, ok)
	}
}
