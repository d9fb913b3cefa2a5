package demo

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"time"

	"hutong/domain"
)

// WishServices seed the demo micro-wishes; without them no wish is
// seeded.
type WishServices struct {
	Programmes domain.ProgrammeService
	Children   domain.ChildService
	Wishes     domain.WishService
	Claims     domain.ClaimService
	// OfflineGifts and Matching fund wishes the way a host's finance
	// staff do; without them no wish is funded.
	OfflineGifts domain.OfflineGiftService
	Matching     domain.MatchingService
}

// demoProgramme is the 梁溪 station's "113" programme, hosted for money by
// the 锡商 foundation, which is licensed for public fundraising.
var demoProgramme = domain.ProgrammeInput{
	Title: "梁溪区“113”困境儿童微心愿",
	Description: "“113”即一个孩子、一个心愿、三方联动:由社区儿童主任收集困境儿童的小心愿,未成年人救助保护中心审核," +
		"爱心人士认领或捐赠,锡商公益基金会负责善款的接收与公示,心愿实现后向捐赠人反馈。",
	RegionCode: "320213", GoalFen: 3_000_000,
}

// demoChild is a child of the demo, known only by a pseudonym. Every name
// here is fictional; the real name is entered as a station would, and the
// platform keeps only its keyed hash to catch it in wish text.
type demoChild struct {
	Key, Pseudonym, RealName, AgeBand, Gender, FileRef, Guardian, Relation string
}

var demoChildren = []demoChild{
	{"he", "小禾", "王佳怡", "7-9", "female", "LX-2026-017", "王秀英", "祖母"},
	{"yu", "小雨", "陈浩然", "10-12", "male", "LX-2026-023", "陈建国", "父亲"},
	{"an", "小安", "刘欣悦", "4-6", "female", "LX-2026-031", "刘桂兰", "外祖母"},
}

// demoWish is a wish and the stage the seed takes it to.
type demoWish struct {
	Child string
	Stage domain.WishStatus
	Input domain.WishInput
}

func demoWishes(today domain.Date) []demoWish {
	soon := today.AddDays(60)
	return []demoWish{
		{"an", domain.WishDraft, domain.WishInput{Kind: domain.WishGoods, Title: "一套彩色绘本", Category: "books", AmountFen: 16_800, Quantity: 1, Deadline: soon,
			Story: "小安最喜欢听故事,家里只有两本翻旧了的图画书。她希望有一套自己的彩色绘本,晚上可以请外婆读给她听。"}},
		{"yu", domain.WishInReview, domain.WishInput{Kind: domain.WishGoods, Title: "一双运动鞋", Category: "clothing", AmountFen: 22_900, Quantity: 1, Deadline: soon,
			Story: "小雨是班里的长跑队员,现在的鞋子已经开胶了。他想要一双合脚的运动鞋,参加秋季运动会的 1500 米比赛。"}},
		{"he", domain.WishPublished, domain.WishInput{Kind: domain.WishGoods, Title: "一个能装下课本的新书包", Category: "school_supplies", AmountFen: 12_000, Quantity: 1, Deadline: soon,
			Story: "小禾上三年级了,旧书包的背带断过两次,是奶奶用针线缝好的。她希望有一个结实的新书包,能装下所有课本和文具。"}},
		{"he", domain.WishFunded, domain.WishInput{Kind: domain.WishGoods, Title: "一套适合身高的学习桌椅", Category: "daily_necessities", AmountFen: 45_000, Quantity: 1, Deadline: soon,
			Story: "小禾一直趴在床边写作业,社工老师家访时发现她的坐姿已经影响到视力。一套可以调节高度的学习桌椅,能让她坐直了好好写字。"}},
		{"yu", domain.WishPublished, domain.WishInput{Kind: domain.WishCash, Title: "下学期的课外辅导助学金", Category: "study_grant", AmountFen: 150_000, Quantity: 1, Deadline: soon,
			Story: "小雨的数学成绩进步很快,社工老师为他联系了社区的周末辅导班。这笔助学金将用于下学期的辅导费和学习资料。"}},
		{"he", domain.WishClaimed, domain.WishInput{Kind: domain.WishGoods, Title: "一件过冬的棉衣", Category: "clothing", AmountFen: 19_900, Quantity: 1, Deadline: soon,
			Story: "今年冬天小禾长高了不少,去年的棉衣袖子短了一截。她想要一件暖和的棉衣,上学路上不再冻手。"}},
		{"an", domain.WishThanked, domain.WishInput{Kind: domain.WishGoods, Title: "一盏护眼台灯", Category: "daily_necessities", AmountFen: 8_900, Quantity: 1, Deadline: soon,
			Story: "小安家的灯光很暗,她每天晚上在小桌子上画画。社工老师说,一盏护眼台灯可以保护她的眼睛。"}},
		{"yu", domain.WishPublished, domain.WishInput{Kind: domain.WishExperience, Title: "去科技馆看一次天文展", Category: "experience", AmountFen: 6_000, Quantity: 1, Deadline: soon,
			ExperienceOn: today.AddDays(30), ExperiencePlace: "无锡科技馆",
			Story: "小雨对星星特别着迷,常常问社工老师宇宙有多大。他希望能去科技馆看一次天文展,亲眼看看行星的模型。"}},
	}
}

// now is the real time: the wishes are seeded as of today.
func (sd *seeder) now() time.Time { return time.Now() }

// ensureWishes seeds the programme, its children and wishes at every
// stage, unless the programme exists already.
func (sd *seeder) ensureWishes(ctx context.Context) error {
	ws := sd.s.WishServices
	if ws == nil {
		return nil
	}
	station := sd.orgs["liangxi"]
	owner, err := sd.actor(ctx, sd.users["hua"])
	if err != nil {
		return err
	}
	have, _, err := ws.Programmes.FindProgrammes(ctx, owner, &station.ID, domain.Page{Limit: 100})
	if err != nil {
		return err
	}
	for _, p := range have {
		if p.Title == demoProgramme.Title {
			return nil
		}
	}
	p, err := sd.startProgramme(ctx, ws, owner)
	if err != nil {
		return fmt.Errorf("programme: %w", err)
	}
	director, err := sd.actor(ctx, sd.users["guo"])
	if err != nil {
		return err
	}
	children := map[string]*domain.Child{}
	for _, c := range demoChildren {
		if children[c.Key], err = sd.registerChild(ctx, ws, director, c); err != nil {
			return fmt.Errorf("child %s: %w", c.Pseudonym, err)
		}
	}
	if ws.Matching != nil {
		shao, err := sd.actor(ctx, sd.users["shao"])
		if err != nil {
			return err
		}
		if _, err := ws.Matching.Pledge(ctx, shao, p.ID, domain.MatchPledgeInput{FoundationID: sd.orgs["xishang"].ID,
			RatioPct: 50, CapFen: 500_000}); err != nil {
			return fmt.Errorf("matching pledge: %w", err)
		}
	}
	for _, w := range demoWishes(domain.DateOf(sd.now())) {
		w.Input.ChildID = children[w.Child].ID
		if err := sd.takeWish(ctx, ws, p, director, owner, w); err != nil {
			return fmt.Errorf("wish %s: %w", w.Input.Title, err)
		}
		sd.created++
	}
	return nil
}

// giveOffline records a bank transfer to a wish as the foundation's
// finance officer 沈红梅 and confirms it as 方丽华 (four eyes); the
// foundation's matching pledge adds half.
func (sd *seeder) giveOffline(ctx context.Context, ws *WishServices, p *domain.Programme, wish *domain.Wish, amount int64, payer string) error {
	if ws.OfflineGifts == nil {
		return nil
	}
	recorder, err := sd.actor(ctx, sd.users["shen"])
	if err != nil {
		return err
	}
	confirmer, err := sd.actor(ctx, sd.users["fang"])
	if err != nil {
		return err
	}
	g, err := ws.OfflineGifts.RecordGift(ctx, recorder, sd.orgs["xishang"].ID, domain.OfflineGiftInput{ProgrammeID: p.ID,
		WishID: &wish.ID, AmountFen: amount, Method: domain.OfflineBankTransfer, PayerName: payer,
		ReceivedOn: domain.DateOf(sd.now()).AddDays(-2), Evidence: "江苏银行无锡分行对公账户回单,凭证号 3201" + wish.ID.String()[:6]})
	if err != nil {
		return err
	}
	_, err = ws.OfflineGifts.ConfirmGift(ctx, confirmer, g.ID)
	return err
}

// startProgramme creates the programme, has the foundation accept to
// host it and activates it.
func (sd *seeder) startProgramme(ctx context.Context, ws *WishServices, owner *domain.Actor) (*domain.Programme, error) {
	in := demoProgramme
	today := domain.DateOf(sd.now())
	in.StartsOn, in.EndsOn = today.AddDays(-30), today.AddDays(200)
	p, err := ws.Programmes.CreateProgramme(ctx, owner, sd.orgs["liangxi"].ID, in)
	if err != nil {
		return nil, err
	}
	if _, err = ws.Programmes.InviteHost(ctx, owner, p.ID, sd.orgs["xishang"].ID); err != nil {
		return nil, err
	}
	host, err := sd.actor(ctx, sd.users["shao"])
	if err != nil {
		return nil, err
	}
	if _, err = ws.Programmes.AnswerHostInvitation(ctx, host, p.ID, true); err != nil {
		return nil, err
	}
	sd.created++
	return ws.Programmes.ActivateProgramme(ctx, owner, p.ID)
}

// registerChild registers a demo child with the guardian's consent.
func (sd *seeder) registerChild(ctx context.Context, ws *WishServices, director *domain.Actor, c demoChild) (*domain.Child, error) {
	child, err := ws.Children.RegisterChild(ctx, director, sd.orgs["liangxi"].ID, domain.ChildInput{
		Pseudonym: c.Pseudonym, RealName: c.RealName, AgeBand: c.AgeBand, Gender: c.Gender, FileRef: c.FileRef})
	if err != nil {
		return nil, err
	}
	_, err = ws.Children.RecordConsent(ctx, director, child.ID, domain.ConsentInput{GuardianName: c.Guardian, Relation: c.Relation,
		ConsentedOn: domain.DateOf(sd.now()).AddDays(-20), Scope: domain.ConsentScopes,
		Evidence: "监护人签字的《微心愿信息公开同意书》纸质件,存于站点档案 " + c.FileRef})
	sd.created++
	return child, err
}

// takeWish writes a wish and takes it to its stage: the child director
// writes and submits, the station's owner reviews (four eyes), a donor
// claims, and the owner delivers with a photo.
func (sd *seeder) takeWish(ctx context.Context, ws *WishServices, p *domain.Programme, director, owner *domain.Actor, w demoWish) error {
	wish, err := ws.Wishes.CreateWish(ctx, director, p.ID, w.Input)
	if err != nil || w.Stage == domain.WishDraft {
		return err
	}
	if _, err := ws.Wishes.SubmitWish(ctx, director, wish.ID); err != nil || w.Stage == domain.WishInReview {
		return err
	}
	if _, err := ws.Wishes.ReviewWish(ctx, owner, wish.ID, true, "内容已核实,不含可识别儿童身份的信息。"); err != nil {
		return err
	}
	switch {
	case w.Stage == domain.WishFunded:
		// ¥300 given and ¥150 matched fill the ¥450 wish.
		return sd.giveOffline(ctx, ws, p, wish, 30_000, "无锡某科技有限公司工会")
	case w.Input.Kind == domain.WishCash:
		return sd.giveOffline(ctx, ws, p, wish, 40_000, "无锡某贸易有限公司")
	case w.Stage == domain.WishPublished:
		return nil
	}
	donor, err := sd.actor(ctx, sd.users["lu"])
	if err != nil {
		return err
	}
	claim, err := ws.Claims.ClaimWish(ctx, donor, wish.ID, domain.ClaimInput{DisplayName: "陆女士"})
	if err != nil || w.Stage == domain.WishClaimed {
		return err
	}
	if _, err := ws.Claims.MarkBought(ctx, donor, claim.ID, "京东物流 JD0089235417"); err != nil {
		return err
	}
	if _, err := ws.Claims.MarkReceived(ctx, owner, claim.ID); err != nil {
		return err
	}
	if _, err = ws.Claims.RecordDelivery(ctx, owner, wish.ID, domain.DeliveryInput{Photo: deliveryPhoto(), NoFaceConfirmed: true,
		Note: "台灯已送到小安家中,放在她画画的小桌上。照片只拍了台灯和桌面。"}); err != nil || w.Stage != domain.WishThanked {
		return err
	}
	thanker, ok := ws.Wishes.(domain.WishThanker)
	if !ok {
		return nil
	}
	_, err = thanker.ThankWish(ctx, director, wish.ID, "谢谢送我台灯的阿姨!现在晚上画画不费眼睛了,我画了一张全家福送给您。")
	return err
}

// deliveryPhoto draws the demo's delivery photo: a lamp's warm light on a
// desk, with no person in it.
func deliveryPhoto() []byte {
	img := image.NewRGBA(image.Rect(0, 0, 320, 240))
	for y := range 240 {
		for x := range 320 {
			d := (x-200)*(x-200) + (y-60)*(y-60)
			glow := max(0, 255-d/90)
			img.Set(x, y, color.RGBA{uint8(min(255, 90+glow)), uint8(min(255, 70+glow*4/5)), uint8(40 + glow/4), 255})
		}
	}
	var b bytes.Buffer
	_ = png.Encode(&b, img)
	return b.Bytes()
}
