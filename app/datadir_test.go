package app

import (
	"path/filepath"
	"runtime"
	"testing"
)

// The data folder is %APPDATA%\Kehu on Windows (Roaming, so it follows a
// domain profile), ~/Library/Application Support/Kehu on macOS and
// $XDG_CONFIG_HOME/Kehu elsewhere; $KEHU_DATA overrides, and a Chinese user
// folder is kept as it is.
func TestDefaultDataDir(t *testing.T) {
	home := filepath.Join(t.TempDir(), "王伟")
	var env, dir, want string
	switch runtime.GOOS {
	case "windows":
		env, dir = "AppData", filepath.Join(home, "AppData", "Roaming")
		want = filepath.Join(dir, "Kehu")
	case "darwin":
		env, dir = "HOME", home
		want = filepath.Join(home, "Library", "Application Support", "Kehu")
	default:
		env, dir = "XDG_CONFIG_HOME", filepath.Join(home, ".config")
		want = filepath.Join(dir, "Kehu")
	}
	tests := []struct {
		name, kehuData, want string
	}{
		{"per-user folder", "", want},
		{"KEHU_DATA", filepath.Join(home, "客户 数据"), filepath.Join(home, "客户 数据")},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv(env, dir)
			t.Setenv("KEHU_DATA", tc.kehuData)
			got, err := DefaultDataDir()
			if err != nil || got != tc.want {
				t.Errorf("DefaultDataDir() = %q, %v; want %q", got, err, tc.want)
			}
		})
	}
}
