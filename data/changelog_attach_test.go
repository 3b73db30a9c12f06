package data

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kehu-crm/kehu/data/model"
)

// TestAttachmentChange: a complaint's file is logged by name, size and
// SHA-256 only; its bytes join the change on the way out and, on arrival,
// are written to the file, never into the store; a team setting is logged
// as a value, a device setting not at all.
func TestAttachmentChange(t *testing.T) {
	a, b := openTest(t), openTest(t)
	c := &model.Customer{Name: "宁波明视眼镜", City: "宁波"}
	if err := a.PutCustomer(c); err != nil {
		t.Fatal(err)
	}
	photo := bytes.Repeat([]byte{0xff, 0xd8, 7}, 5000)
	name := "K1-照片.jpg"
	if err := os.MkdirAll(filepath.Join(a.Dir(), AttachmentsDir), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(a.Dir(), AttachmentsDir, name), photo, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := a.AddComplaint(&model.Complaint{ID: "K1", CustomerID: c.ID, Text: "破损", Attachments: []string{name}}); err != nil {
		t.Fatal(err)
	}
	if err := a.SetSetting(SettingCompanyName, "明视"); err != nil {
		t.Fatal(err)
	}
	if err := a.SetSetting("backup_keep", "3"); err != nil {
		t.Fatal(err)
	}
	list, err := a.ChangesSince(0, 100)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	var out []model.SyncChange
	for _, l := range list {
		var ch model.SyncChange
		if err := json.Unmarshal(l.JSON, &ch); err != nil {
			t.Fatal(err)
		}
		kinds = append(kinds, ch.Entity+":"+ch.ID)
		if ch.Entity == KindAttachment {
			if _, ok := ch.Fields[fieldData]; ok || len(l.JSON) > 500 {
				t.Errorf("the log holds the bytes: %d bytes", len(l.JSON))
			}
			j, err := a.TransportJSON(l)
			if err != nil {
				t.Fatal(err)
			}
			ch = model.SyncChange{}
			if err := json.Unmarshal(j, &ch); err != nil {
				t.Fatal(err)
			}
		}
		out = append(out, ch)
	}
	// The attachment is logged during the write, the complaint record when
	// its transaction ends: either order arrives whole.
	if got := strings.Join(kinds, " "); got != "customer:"+c.ID+" attachment:"+name+" complaint:K1 setting:company_name" {
		t.Fatalf("logged %s", got)
	}
	devA, _ := a.DeviceID()
	if _, err := b.ApplyChanges(devA, "f1.jsonl", out); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(b.Dir(), AttachmentsDir, name))
	if err != nil || !bytes.Equal(got, photo) {
		t.Fatalf("b's file: %d bytes, %v", len(got), err)
	}
	if v, _ := b.SyncedValue(KindAttachment, name, fieldData); string(v) != "null" {
		t.Error("the bytes reached b's registers")
	}
	if v, _ := b.Setting(SettingCompanyName); v != "明视" {
		t.Errorf("b's company %q", v)
	}
}
