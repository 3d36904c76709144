// 소개 페이지의 이메일 주소: HTML에는 뒤집어 base64로 인코딩한 값만 있고, 여기서 링크로 조립합니다.
document.querySelectorAll("[data-email]").forEach((el) => {
  const address = atob(el.dataset.email).split("").reverse().join("");
  const link = document.createElement("a");
  link.href = "mailto:" + address;
  link.textContent = address;
  el.replaceChildren(link);
});
