// The employer form shows only the fields that fit the chosen union status.
(function () {
  "use strict";
  var FIELDS = {
    id_own_union: ["own"],
    id_joint_union: ["joint"],
    id_founded_on: ["own", "joint"],
    id_not_eligible_reason: ["not_eligible"],
    id_keeper: ["none", "not_eligible"],
  };
  function sync(select) {
    Object.keys(FIELDS).forEach(function (id) {
      var input = document.getElementById(id);
      if (!input) return;
      var wrapper = input.closest(".mb-2") || input.parentElement;
      var shown = FIELDS[id].indexOf(select.value) !== -1;
      // A field with an error stays visible so the message is seen.
      if (wrapper.querySelector(".errorlist")) shown = true;
      wrapper.hidden = !shown;
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var select = document.getElementById("id_union_status");
    if (!select || !select.closest("[data-testid=employer-form]")) return;
    select.addEventListener("change", function () { sync(select); });
    sync(select);
  });
})();
