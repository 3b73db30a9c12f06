// Package views is Kehu's window: Fyne screens and widgets only. Every action
// calls the use cases in app; nothing here touches the store.
package views

// Run opens the window on the data folder and blocks until it closes.
func Run(dataDir, lang string) int { return 0 }
