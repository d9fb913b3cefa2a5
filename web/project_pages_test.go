package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestBureauCreatesAndPublishesProject(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	officer := a.client(t)
	officer.register("officer@hutong.test", "王科长")
	bureau := officer.createBureau("无锡市梁溪区民政局")
	a.verify(t, bureau)

	_, body := officer.get("/bureau/projects/new")
	mustContain(t, body, "新建项目", "采购单位：无锡市梁溪区民政局", `name="tech_name_5"`, `name="milestone_due_5"`)

	id := officer.createProject(bureau, projectForm(bureau))
	edit := "/bureau/projects/" + id + "/edit"
	_, body = officer.get(edit + "?saved=1")
	mustContain(t, body, "草稿已保存", `value="800000.50"`, `value="服务方案"`, `name="tech_key_0" value="item1"`,
		`value="受益人次"`, `value="person_times" selected`, "发布项目", "投标截止日期不得早于")

	t.Run("DraftHiddenFromPublic", func(t *testing.T) {
		if res, _ := a.client(t).get("/projects/" + id); res.StatusCode != http.StatusNotFound {
			t.Fatalf("anonymous GET of a draft: %d", res.StatusCode)
		}
		_, body := a.client(t).get("/projects")
		if strings.Contains(body, "梁溪区困境儿童关爱保护服务项目") {
			t.Fatal("the public list shows a draft")
		}
		_, body = officer.get("/bureau/projects")
		mustContain(t, body, "梁溪区困境儿童关爱保护服务项目", "草稿", "¥800,000.50")
	})
	t.Run("ErrBadInputKeepsTheForm", func(t *testing.T) {
		f := projectForm(bureau)
		f.Set("budget", "12.345")
		f.Set("tech_points_1", "20")
		res, body := officer.submit(edit, edit, f)
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("status %d", res.StatusCode)
		}
		mustContain(t, body, "请填写以元为单位的金额", "价格分值与技术评分项分值合计必须为 100，现在是 90",
			`value="12.345"`, `value="团队资质"`)
	})
	t.Run("ErrDeadlineTooSoon", func(t *testing.T) {
		res, body := officer.submit(edit, "/bureau/projects/"+id+"/publish", url.Values{
			"bid_deadline": {beijingLocal(5)}, "opening_at": {beijingLocal(6)},
		})
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("status %d", res.StatusCode)
		}
		mustContain(t, body, "不得早于", `value="`+beijingLocal(5)+`"`)
	})

	deadline := beijingLocal(40)
	res, body := officer.submit(edit, "/bureau/projects/"+id+"/publish", url.Values{
		"bid_deadline": {deadline}, "opening_at": {deadline},
	})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/projects/"+id+"?published=1" {
		t.Fatalf("publish: %d %s\n%s", res.StatusCode, res.Header.Get("Location"), body)
	}

	t.Run("PublicListShowsIt", func(t *testing.T) {
		visitor := a.client(t)
		_, body := visitor.get("/projects")
		mustContain(t, body, "梁溪区困境儿童关爱保护服务项目", "¥800,000.50", "公告中", "无锡市梁溪区民政局")
		_, body = visitor.get("/projects?category=tutoring")
		if strings.Contains(body, "梁溪区困境儿童关爱保护服务项目") {
			t.Error("a category filter does not filter")
		}
		_, body = visitor.get("/projects?region=320200&budget_min=800000.5&method=open_tender")
		mustContain(t, body, "梁溪区困境儿童关爱保护服务项目")
		_, body = visitor.get("/projects?budget_min=800000.51")
		if strings.Contains(body, "梁溪区困境儿童关爱保护服务项目") {
			t.Error("a budget filter does not filter")
		}
		res, body := visitor.get("/projects?budget_min=1.234")
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("a malformed budget filter: %d", res.StatusCode)
		}
		mustContain(t, body, "请填写以元为单位的金额")
	})
	t.Run("DetailShowsTheTender", func(t *testing.T) {
		_, body := a.client(t).get("/projects/" + id)
		mustContain(t, body, "梁溪区困境儿童关爱保护服务项目", "¥800,000.50", "公开招标", "心理疏导",
			strings.Replace(deadline, "T", " ", 1), "北京时间", "服务方案", "团队资质", "受益人次", "5000", "人次",
			"首期", "40%", "3A 及以上", "仅限经平台认证的机构")
		if strings.Contains(body, "编辑草稿") || strings.Contains(body, "/cancel") {
			t.Error("a visitor is offered the bureau's actions")
		}
	})
	t.Run("PublishedIsNoLongerEditable", func(t *testing.T) {
		res, _ := officer.get(edit)
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/projects/"+id {
			t.Fatalf("editor of a published project: %d %s", res.StatusCode, res.Header.Get("Location"))
		}
		res, _ = officer.submit("/bureau/projects/"+id+"/cancel", edit, projectForm(bureau))
		if res.StatusCode != http.StatusConflict {
			t.Fatalf("saving a published project: %d", res.StatusCode)
		}
	})
	t.Run("CancelWithReason", func(t *testing.T) {
		cancel := "/bureau/projects/" + id + "/cancel"
		res, body := officer.submit(cancel, cancel, url.Values{"reason": {""}})
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("cancel without a reason: %d", res.StatusCode)
		}
		mustContain(t, body, "取消原因")
		res, _ = officer.submit(cancel, cancel, url.Values{"reason": {"因预算调整，本项目取消采购。"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("cancel: %d", res.StatusCode)
		}
		_, body = a.client(t).get("/projects/" + id)
		mustContain(t, body, "已取消", "因预算调整，本项目取消采购。")
	})
}

func TestProjectEditorForbidden(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	ngo := a.client(t)
	ngo.register("ngo@hutong.test", "社工")
	ngo.createOrg("梁溪区阳光社工事务所", creditCode(t, "52320213MJ0000001"))
	officer := a.client(t)
	officer.register("officer@hutong.test", "王科长")
	bureau := officer.createBureau("无锡市梁溪区民政局")
	a.verify(t, bureau)
	draft := officer.createProject(bureau, projectForm(bureau))

	t.Run("NonBureauUserGets403", func(t *testing.T) {
		for _, path := range []string{"/bureau/projects/new", "/bureau/projects/new?bureau=" + bureau, "/bureau/projects"} {
			if res, _ := ngo.get(path); res.StatusCode != http.StatusForbidden {
				t.Errorf("GET %s: %d", path, res.StatusCode)
			}
		}
		res, _ := ngo.submit("/", "/bureau/projects/new", projectForm(bureau))
		if res.StatusCode != http.StatusForbidden {
			t.Errorf("POST the editor: %d", res.StatusCode)
		}
		if res, _ := ngo.get("/bureau/projects/" + draft + "/edit"); res.StatusCode != http.StatusNotFound {
			t.Errorf("another bureau's draft: %d", res.StatusCode)
		}
	})
	t.Run("UnverifiedBureauGets403", func(t *testing.T) {
		c := a.client(t)
		c.register("new@hutong.test", "新科长")
		c.createBureau("未认证民政局")
		if res, body := c.get("/bureau/projects/new"); res.StatusCode != http.StatusForbidden {
			t.Errorf("GET the editor: %d", res.StatusCode)
		} else {
			mustContain(t, body, "你没有权限进行此操作")
		}
		_, body := c.get("/bureau/projects")
		mustContain(t, body, "只有经过平台认证的民政部门")
	})
	t.Run("AnonymousIsSentToSignIn", func(t *testing.T) {
		res, _ := a.client(t).get("/bureau/projects/new")
		if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login?next=") {
			t.Fatalf("anonymous editor: %d %s", res.StatusCode, res.Header.Get("Location"))
		}
	})
	t.Run("ErrNoCSRFToken", func(t *testing.T) {
		res, _ := officer.post("/bureau/projects/new", projectForm(bureau))
		if res.StatusCode != http.StatusForbidden {
			t.Fatalf("a form without its token: %d", res.StatusCode)
		}
	})
}
