/*
 * Suggestions under a search box as the user types: group names and themes from
 * /api/search/suggest. Progressive enhancement: without JavaScript the box is a plain
 * search field and the form still submits. Follows the ARIA 1.2 combobox pattern
 * (listbox popup, aria-activedescendant) so keyboard and screen reader users get the same.
 */
(function () {
  "use strict";

  var MIN_CHARS = 2;
  var DELAY_MS = 150;
  var MAX_SHOWN = 8;
  var KIND_LABELS = { group: "User group", theme: "Theme" };

  function enhance(input) {
    var listId = input.id + "-suggestions";
    var statusId = input.id + "-suggestions-status";

    var wrapper = document.createElement("div");
    wrapper.className = "hub-autocomplete";
    input.parentNode.insertBefore(wrapper, input);
    wrapper.appendChild(input);

    var list = document.createElement("ul");
    list.id = listId;
    list.className = "hub-autocomplete__list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Suggestions");
    list.hidden = true;
    wrapper.appendChild(list);

    var status = document.createElement("div");
    status.id = statusId;
    status.className = "govuk-visually-hidden";
    status.setAttribute("role", "status");
    wrapper.appendChild(status);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);
    input.setAttribute("autocomplete", "off");

    var items = [];
    var active = -1;
    var timer = null;
    var controller = null;

    function close() {
      list.hidden = true;
      list.innerHTML = "";
      items = [];
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }

    function highlight(index) {
      var options = list.querySelectorAll("[role=option]");
      for (var i = 0; i < options.length; i += 1) {
        options[i].setAttribute("aria-selected", i === index ? "true" : "false");
        options[i].classList.toggle("hub-autocomplete__option--active", i === index);
      }
      active = index;
      if (index >= 0) {
        input.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function go(index) {
      var item = items[index];
      if (item && item.url) {
        window.location.assign(item.url);
      }
    }

    function render(suggestions) {
      list.innerHTML = "";
      items = suggestions.slice(0, MAX_SHOWN);
      active = -1;
      items.forEach(function (item, index) {
        var option = document.createElement("li");
        option.id = listId + "-" + index;
        option.className = "hub-autocomplete__option";
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        // textContent, never innerHTML: names come from the public.
        var label = document.createElement("span");
        label.textContent = item.label;
        var kind = document.createElement("span");
        kind.className = "hub-autocomplete__kind";
        kind.textContent = KIND_LABELS[item.kind] || "";
        option.appendChild(label);
        option.appendChild(kind);
        // mousedown, not click: it fires before the input loses focus and closes the list.
        option.addEventListener("mousedown", function (event) {
          event.preventDefault();
          go(index);
        });
        list.appendChild(option);
      });
      var open = items.length > 0;
      list.hidden = !open;
      input.setAttribute("aria-expanded", open ? "true" : "false");
      input.removeAttribute("aria-activedescendant");
      status.textContent = open
        ? items.length + (items.length === 1 ? " suggestion" : " suggestions") +
          " available. Use the up and down arrows to choose."
        : "";
    }

    function fetchSuggestions() {
      var text = input.value.trim();
      if (text.length < MIN_CHARS) {
        close();
        return;
      }
      if (controller) {
        controller.abort();
      }
      controller = "AbortController" in window ? new AbortController() : null;
      var url = input.getAttribute("data-autocomplete-url") + "?q=" + encodeURIComponent(text);
      window
        .fetch(url, {
          headers: { Accept: "application/json" },
          signal: controller ? controller.signal : undefined,
        })
        .then(function (response) {
          return response.ok ? response.json() : { suggestions: [] };
        })
        .then(function (body) {
          // An answer that arrives after the text changed is stale: only the latest counts.
          if (input.value.trim() === text) {
            render(body.suggestions || []);
          }
        })
        .catch(function () {
          // Suggestions are a help, not the search: on any failure the form still works.
        });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(fetchSuggestions, DELAY_MS);
    });

    input.addEventListener("keydown", function (event) {
      if (list.hidden) {
        return;
      }
      if (event.key === "ArrowDown") {
        event.preventDefault();
        highlight(active + 1 >= items.length ? 0 : active + 1);
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        highlight(active <= 0 ? items.length - 1 : active - 1);
      } else if (event.key === "Enter" && active >= 0) {
        event.preventDefault();
        go(active);
      } else if (event.key === "Escape") {
        event.preventDefault();
        close();
      }
    });

    input.addEventListener("blur", close);
  }

  var inputs = document.querySelectorAll("input[data-autocomplete-url]");
  for (var i = 0; i < inputs.length; i += 1) {
    if (inputs[i].id) {
      enhance(inputs[i]);
    }
  }
})();
