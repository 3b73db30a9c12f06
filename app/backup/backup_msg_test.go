package backup

import (
	"testing"

	"github.com/kehu-crm/kehu/app/i18n/i18ntest"
)

// TestBackupMessagesTranslated checks that every sentence of a backup,
// restore or folder step has its Chinese translation.
func TestBackupMessagesTranslated(t *testing.T) {
	i18ntest.Check(t, []string{"backup_msg.go"}, 10, i18ntest.Call("i18n.L", 0))
}
