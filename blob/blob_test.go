package blob

import (
	"archive/zip"
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"onetrip"
)

func ofd(t *testing.T, root string) []byte {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	w, _ := zw.Create(root)
	w.Write([]byte("<ofd:OFD/>"))
	zw.Close()
	return b.Bytes()
}

func TestPutGetSniff(t *testing.T) {
	s, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		data []byte
		ct   string
		code onetrip.Code
	}{
		{"pdf", []byte("%PDF-1.7\n..."), TypePDF, ""},
		{"jpeg", []byte{0xFF, 0xD8, 0xFF, 0xE0, 1, 2}, TypeJPEG, ""},
		{"png", []byte("\x89PNG\r\n\x1a\nxxxx"), TypePNG, ""},
		{"ofd", ofd(t, "OFD.xml"), TypeOFD, ""},
		{"plain zip is not ofd", ofd(t, "word/document.xml"), "", onetrip.CodeUnsupported},
		{"exe named .pdf", []byte("MZ\x90\x00"), "", onetrip.CodeUnsupported},
		{"html", []byte("<html><script>"), "", onetrip.CodeUnsupported},
		{"empty", nil, "", onetrip.CodeInvalid},
		{"too large", append([]byte("%PDF-"), make([]byte, MaxFileBytes)...), "", onetrip.CodeTooLarge},
	} {
		info, err := s.Put(bytes.NewReader(c.data))
		if c.code != "" {
			if !onetrip.HasCode(err, c.code) {
				t.Errorf("%s: %v", c.name, err)
			}
			continue
		}
		if err != nil || info.ContentType != c.ct || !ValidID(info.ID) {
			t.Fatalf("%s: %+v %v", c.name, info, err)
		}
		got, err := s.Get(info.ID)
		if err != nil || !bytes.Equal(got, c.data) {
			t.Fatalf("%s: get %v", c.name, err)
		}
		again, _ := s.Put(bytes.NewReader(c.data))
		if again.ID != info.ID {
			t.Fatal("same content, different id")
		}
	}
	if _, err := s.Get(strings.Repeat("a", 64)); !onetrip.HasCode(err, onetrip.CodeNotFound) {
		t.Fatal(err)
	}
	if _, err := s.Get("../../etc/passwd"); !onetrip.HasCode(err, onetrip.CodeInvalid) {
		t.Fatal(err)
	}
}

func TestCleanName(t *testing.T) {
	long := strings.Repeat("材", 200) + ".pdf"
	cases := []struct{ in, want string }{
		{"身份证正面.jpg", "身份证正面.jpg"},
		{`C:\fakepath\营业执照.pdf`, "营业执照.pdf"},
		{"../../etc/passwd", "passwd"},
		{"a\x00b\u202e\nc.png", "abc.png"},
		{"  合同 .pdf  ", "合同 .pdf"},
		{"..", ""},
		{"", ""},
		{long, strings.Repeat("材", MaxNameRunes-5) + "….pdf"},
	}
	for _, c := range cases {
		if got := CleanName(c.in); got != c.want {
			t.Errorf("CleanName(%q) = %q, want %q", c.in, got, c.want)
		}
		if n := utf8.RuneCountInString(CleanName(c.in)); n > MaxNameRunes {
			t.Errorf("CleanName(%q) has %d runes", c.in, n)
		}
	}
}

func TestLabels(t *testing.T) {
	for _, c := range []struct {
		n    int64
		want string
	}{{0, "0 B"}, {812, "812 B"}, {46387, "45.3 KB"}, {2202010, "2.1 MB"}} {
		if got := SizeLabel(c.n); got != c.want {
			t.Errorf("SizeLabel(%d) = %q, want %q", c.n, got, c.want)
		}
	}
	if TypeLabel(TypeOFD) != "OFD" || TypeLabel(TypePDF) != "PDF" || TypeLabel("x/y") != "x/y" {
		t.Error("TypeLabel")
	}
}
