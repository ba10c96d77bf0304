// Run inside the page by check-html-browser.sh, after layout: writes what
// it finds into a pre element (id cjm-check) for chromium --dump-dom ("OK" when
// nothing). Every section present and drawn; no text wider than its box
// (an HTML element whose content overflows it, a picture's text outside
// the picture, two texts of one chart over each other); the page no wider
// than the window, as A4 landscape prints it.
(function () {
    var problems = [];
    var ids = ["map", "funnel", "emotion", "segments", "channels", "time", "paths", "exits",
               "red-points"];
    ids.forEach(function (id) {
        var s = document.getElementById(id);
        if (!s || s.tagName !== "SECTION")
            problems.push("no section " + id);
        else if (s.getBoundingClientRect().height < 40)
            problems.push("section " + id + " is not drawn");
    });
    function short(text) {
        return JSON.stringify(text.replace(/\s+/g, " ").slice(0, 60));
    }
    document.querySelectorAll("h1,h2,h3,p,li,td,th,figcaption,footer,code,pre").forEach(function (e) {
        if (e.id === "cjm-check")
            return;
        if (e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).display !== "inline")
            problems.push("text wider than its box: <" + e.tagName.toLowerCase() + "> " +
                          short(e.textContent) + " " + e.scrollWidth + " > " + e.clientWidth);
    });
    var page = document.documentElement;
    if (page.scrollWidth > window.innerWidth + 1)
        problems.push("the page is " + page.scrollWidth + " pixels wide in a window of " +
                      window.innerWidth);
    document.querySelectorAll("svg").forEach(function (svg) {
        var vb = svg.viewBox.baseVal, boxes = [];
        svg.querySelectorAll("text").forEach(function (t) {
            if (t.closest("title"))
                return;
            var b = t.getBBox();
            if (b.width === 0)
                return;
            if (b.x < vb.x - 1 || b.y < vb.y - 1 || b.x + b.width > vb.x + vb.width + 1 ||
                b.y + b.height > vb.y + vb.height + 1)
                problems.push("text outside its picture " + (svg.id || "map") + ": " +
                              short(t.textContent));
            boxes.push({ t: t, b: b });
        });
        if (!svg.classList.contains("chart"))
            return;
        for (var i = 0; i < boxes.length; i++)
            for (var j = i + 1; j < boxes.length; j++) {
                var a = boxes[i].b, c = boxes[j].b;
                // Glyph boxes include the line's ascent and descent: allow
                // two pixels of touching.
                if (a.x + 2 < c.x + c.width && c.x + 2 < a.x + a.width &&
                    a.y + 2 < c.y + c.height && c.y + 2 < a.y + a.height)
                    problems.push("texts over each other in " + svg.id + ": " +
                                  short(boxes[i].t.textContent) + " and " +
                                  short(boxes[j].t.textContent));
            }
    });
    var out = document.createElement("pre");
    out.id = "cjm-check";
    out.textContent = problems.length ? problems.join("\n") : "OK";
    document.body.appendChild(out);
})();
