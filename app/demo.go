package app

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/kehu-crm/kehu/app/core"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/kehu-crm/kehu/data"
)

// ErrNotEmpty is returned by Demo on a store that already holds customers.
var ErrNotEmpty = errors.New("the data folder already holds customers")

// DemoOptions size the sample data.
type DemoOptions struct {
	Customers int   // generated customers besides the seven named ones; 0 means 300
	Seed      int64 // the same seed gives the same names, places and numbers
	Now       time.Time
	Months    int // months of sales history up to Now's month; 0 means 36, -1 none
}

// The case study's customers: 杭州加美科技's eyewear chains with
// their annual sales in 万元.
var demoNamed = []struct {
	name, short, province, city, tier, stage, typ, source string
	wan                                                   int64
}{
	{"宝岛眼镜公司", "宝岛", "上海", "上海市", "S", "stable", "chain", "exhibition", 800},
	{"杨氏眼镜店", "杨氏", "江苏", "苏州市", "S", "stable", "chain", "cold_call", 600},
	{"杭州宝丽眼镜有限公司", "宝丽", "浙江", "杭州市", "A", "development", "chain", "exhibition", 405},
	{"重明眼镜公司", "重明", "上海", "上海市", "A", "development", "chain", "referral", 250},
	{"天明眼镜公司", "天明", "江苏", "南京市", "B", "development", "chain", "b2b", 150},
	{"明而达眼镜店", "明而达", "浙江", "宁波市", "B", "stable", "retailer", "flyer", 100},
	{"杭州毛源昌眼镜店", "毛源昌", "浙江", "杭州市", "C", "decline", "retailer", "cold_call", 80},
}

var (
	demoPlaces = []struct {
		province string
		cities   []string
		area     string
		weight   int
	}{
		{"浙江", []string{"杭州市", "宁波市", "温州市", "绍兴市", "嘉兴市", "金华市"}, "0571", 22},
		{"江苏", []string{"南京市", "苏州市", "无锡市", "常州市", "南通市"}, "025", 20},
		{"上海", []string{"上海市"}, "021", 14},
		{"安徽", []string{"合肥市", "芜湖市"}, "0551", 6},
		{"福建", []string{"福州市", "厦门市", "泉州市"}, "0591", 6},
		{"山东", []string{"济南市", "青岛市"}, "0531", 6},
		{"广东", []string{"广州市", "深圳市", "东莞市"}, "020", 8},
		{"江西", []string{"南昌市"}, "0791", 4},
		{"湖北", []string{"武汉市"}, "027", 5},
		{"北京", []string{"北京市"}, "010", 5},
		{"四川", []string{"成都市"}, "028", 4},
	}
	demoBrands   = []string{"明视", "亮睛", "清晰", "视界", "爱尔", "晶亮", "博士", "康明", "新视野", "精益", "大光明", "茂昌", "吴良材", "目乐", "视康", "星瞳", "华亮", "金瞳", "美瞳", "远望", "慧眼", "光华", "晨光", "嘉视"}
	demoSuffixes = []struct{ s, typ string }{{"眼镜店", "retailer"}, {"眼镜有限公司", "chain"}, {"视光中心", "retailer"}, {"眼镜批发部", "wholesaler"}, {"光学贸易公司", "agent"}, {"眼镜连锁", "chain"}}
	demoOwners   = []string{"王伟", "李娜", "张敏", "刘洋", "陈静", "杨帆"}
	demoSurnames = []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐")
	demoGiven    = []string{"伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "霞", "平", "刚", "桂英", "建华", "晓燕", "志强"}
	demoTitles   = []string{"总经理", "采购经理", "店长", "财务主管", "验光师", "区域经理"}
	demoSummary  = []string{"介绍新款绮美季抛，客户有兴趣试销", "回访上月订单，反馈到货及时", "洽谈年度框架协议价格", "处理一箱加美月抛包装破损", "邀请参加杭州眼镜展", "客户询问加美日抛促销政策", "送样品并培训店员", "对账并确认回款时间"}
)

// Demo fills an empty store with the eyewear-distributor sample: the seven
// chain stores of the case study and generated customers across provinces,
// with contacts, interactions and follow-ups. The sample is written into a
// copy of the store that replaces it once whole (data.Rewrite), so a kill or
// a full disk leaves the folder as it was, never half a demo.
func (s *Service) Demo(o DemoOptions) (int, error) {
	if n, err := s.Customers.Count(); err != nil {
		return 0, err
	} else if n > 0 {
		return 0, fmt.Errorf("%w (%d customers): use a new data folder for the demo", ErrNotEmpty, n)
	}
	var made int
	pw := s.c.Password()
	err := s.c.Swap(pw, func(dir string) error {
		return data.Rewrite(dir, pw, pw, func(staging string) error {
			st, err := data.Open(staging, data.Options{Password: pw, Home: dir})
			if err != nil {
				return err
			}
			made, err = newService(core.New(st, core.Options{Password: pw, Now: s.Now}), nil).demo(o)
			if cerr := st.Close(); err == nil {
				err = cerr
			}
			return err
		})
	})
	if err != nil {
		return 0, err
	}
	return made, nil
}

// demo writes the sample into s's store.
func (s *Service) demo(o DemoOptions) (int, error) {
	store, done := s.c.Use()
	defer done()
	if o.Customers == 0 {
		o.Customers = 300
	}
	if o.Now.IsZero() {
		o.Now = s.Now().Local()
	}
	r := rand.New(rand.NewPCG(uint64(o.Seed), 0x6b656875))
	person := func() string {
		return string(demoSurnames[r.IntN(len(demoSurnames))]) + demoGiven[r.IntN(len(demoGiven))]
	}
	mobile := func() string { return fmt.Sprintf("1%d%d%08d", 3+r.IntN(7), r.IntN(10), r.IntN(100000000)) }

	var cs []*model.Customer
	var ins []*model.Interaction
	add := func(c *model.Customer, contacts, visits int) {
		c.ID = model.NewID()
		c.Currency = model.DefaultBaseCurrency
		c.Owner = demoOwners[r.IntN(len(demoOwners))]
		c.Created = o.Now.AddDate(0, -r.IntN(72), -r.IntN(28)).UTC()
		roles := []string{"decision_maker", "influencer", "user", "gatekeeper", "coach"}
		for i := range contacts {
			c.Contacts = append(c.Contacts, model.Contact{Name: person(), Title: demoTitles[r.IntN(len(demoTitles))],
				Role: roles[i%len(roles)], Phone: mobile(), WeChat: fmt.Sprintf("wx_%06d", r.IntN(1000000))})
		}
		last := c.Created
		for range visits {
			d := o.Now.AddDate(0, 0, -r.IntN(365)).UTC().Truncate(time.Hour)
			in := &model.Interaction{ID: model.NewID(), CustomerID: c.ID, Kind: model.InteractionKinds[r.IntN(5)], Date: d,
				Staff: c.Owner, Summary: demoSummary[r.IntN(len(demoSummary))]}
			if len(c.Contacts) > 0 {
				in.Contact = c.Contacts[r.IntN(len(c.Contacts))].Name
			}
			if r.IntN(3) == 0 {
				in.FollowUp = d.AddDate(0, 0, 7+r.IntN(30)).Format(time.DateOnly)
			}
			if d.After(last) {
				last = d
			}
			ins = append(ins, in)
		}
		c.Updated = last
		cs = append(cs, c)
	}

	var baodao string
	for _, n := range demoNamed {
		c := &model.Customer{Name: n.name, ShortName: n.short, Province: n.province, City: n.city, Tier: n.tier,
			Stage: n.stage, Type: n.typ, Source: n.source, Industry: "眼镜零售", Revenue: n.wan * 1000000,
			Phone:   fmt.Sprintf("%s-%08d", areaOf(n.province), r.IntN(100000000)),
			Address: n.city + "中山路" + fmt.Sprint(1+r.IntN(300)) + "号", Tags: []string{"重点客户"}}
		if n.tier == "C" {
			c.Tags = nil
		}
		if n.source == "referral" {
			c.ReferredBy = baodao
		}
		add(c, 3+r.IntN(3), 6+r.IntN(6))
		if n.short == "宝岛" {
			baodao = c.ID
		}
	}
	total := 0
	for _, p := range demoPlaces {
		total += p.weight
	}
	used := map[string]bool{}
	for i := range o.Customers {
		w := r.IntN(total)
		p := demoPlaces[0]
		for _, q := range demoPlaces {
			if w < q.weight {
				p = q
				break
			}
			w -= q.weight
		}
		city := p.cities[r.IntN(len(p.cities))]
		suf := demoSuffixes[r.IntN(len(demoSuffixes))]
		brand := demoBrands[r.IntN(len(demoBrands))]
		place := city[:len(city)-len("市")]
		name := place + brand + suf.s
		for try := 0; used[name]; try++ {
			// A few thousand combinations read like real shops; past that
			// (benchmark sizes) a branch number keeps names unique.
			brand, suf = demoBrands[r.IntN(len(demoBrands))], demoSuffixes[r.IntN(len(demoSuffixes))]
			name = place + brand + suf.s
			if try > 20 {
				name = fmt.Sprintf("%s%s%s第%d分店", place, brand, suf.s, i)
			}
		}
		used[name] = true
		// Revenue: a long tail, so the 80/20 analysis has something to find.
		wan := int64(1 + r.ExpFloat64()*12)
		tier := "C"
		switch {
		case wan >= 60:
			tier = "A"
		case wan >= 20:
			tier = "B"
		}
		c := &model.Customer{Name: name, ShortName: brand, Province: p.province, City: city, Tier: tier,
			Stage: model.Stages[r.IntN(len(model.Stages))], Type: suf.typ, Source: model.Sources[r.IntN(len(model.Sources))],
			Industry: "眼镜零售", Revenue: wan*1000000 + int64(r.IntN(100))*10000, Phone: mobile(),
			Address: fmt.Sprintf("%s%s路%d号", city, []string{"解放", "人民", "建设", "中山", "文化"}[r.IntN(5)], 1+r.IntN(500))}
		if r.IntN(4) == 0 {
			c.Email = fmt.Sprintf("shop%04d@example.com", i)
		}
		if r.IntN(10) == 0 {
			c.Tags = []string{"潜力客户"}
		}
		add(c, 1+r.IntN(3), r.IntN(5))
	}
	if err := store.InsertNew(cs, ins); err != nil {
		return 0, fmt.Errorf("demo: %w", err)
	}
	if err := s.demoSales(cs, o); err != nil {
		return 0, fmt.Errorf("demo sales: %w", err)
	}
	if err := s.demoAccounts(cs, o); err != nil { // accounts_demo.go
		return 0, fmt.Errorf("demo key accounts: %w", err)
	}
	if err := s.demoComplaints(cs, o); err != nil { // demo_complaints.go
		return 0, fmt.Errorf("demo complaints: %w", err)
	}
	return len(cs), nil
}

func areaOf(province string) string {
	for _, p := range demoPlaces {
		if p.province == province {
			return p.area
		}
	}
	return "0571"
}
